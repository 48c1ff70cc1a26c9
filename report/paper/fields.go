package paper

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/carereport/carereport/report"
)

// FieldsHelp says where the names a template can use are listed.
const FieldsHelp = `the names are listed in README.md, "Fields a narrative file or template can use"`

// FieldErrors are the template fields that do not exist, in every file
// at once, each with its file, line and column and the nearest valid
// name; Error puts them on one line, Each lists them.
type FieldErrors []string

func (e FieldErrors) Error() string {
	return fmt.Sprintf("%d %s no such field (%s): %s", len(e), plural(len(e), "template field names", "template fields name"), FieldsHelp, strings.Join(e, "; "))
}

// missingKeys are the keys .Missing may hold: it holds a key only when
// that data is missing, so the document's map does not list them all.
var missingKeys = []string{"previous", "key_questions", "commissioned", "comparison", "ranking"}

// docMaps names each map field of Doc for messages.
var docMaps = map[string]string{"N": "figure", "S": "sentence", "Tables": "table", "Charts": "chart",
	"Has": "section", "Missing": "section", "Narrative": "narrative section"}

// checkFields walks a parsed template and reports each field it names
// that the document does not have: a field of Doc (.Authorty), or a key
// of one of its maps (.N.servics, .S.headlin). Only what is read from the
// document itself is checked: inside range and with, dot is something
// else, and $ still is the document. file is the name errors give.
func checkFields(t *template.Template, d *Doc, file string) []string {
	var out []string
	seen := map[string]bool{}
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		name := file
		if dir, ok := strings.CutSuffix(file, "*.tmpl"); ok {
			// A template folder: the file the tree was parsed from.
			name = dir + tt.Tree.ParseName
		}
		w := &fieldWalker{d: d, tree: tt.Tree, file: name}
		w.list(tt.Tree.Root, true)
		for _, e := range w.errs {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	return out
}

type fieldWalker struct {
	d    *Doc
	tree *parse.Tree
	file string
	errs []string
}

func (w *fieldWalker) list(l *parse.ListNode, dotIsDoc bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, dotIsDoc)
	}
}

func (w *fieldWalker) node(n parse.Node, dotIsDoc bool) {
	switch n := n.(type) {
	case *parse.ActionNode:
		w.pipe(n.Pipe, dotIsDoc)
	case *parse.IfNode:
		w.pipe(n.Pipe, dotIsDoc)
		w.list(n.List, dotIsDoc)
		w.list(n.ElseList, dotIsDoc)
	case *parse.RangeNode:
		w.pipe(n.Pipe, dotIsDoc)
		w.list(n.List, false)
		w.list(n.ElseList, dotIsDoc)
	case *parse.WithNode:
		w.pipe(n.Pipe, dotIsDoc)
		w.list(n.List, false)
		w.list(n.ElseList, dotIsDoc)
	case *parse.TemplateNode:
		w.pipe(n.Pipe, dotIsDoc)
	case *parse.ListNode:
		w.list(n, dotIsDoc)
	}
}

func (w *fieldWalker) pipe(p *parse.PipeNode, dotIsDoc bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			w.arg(a, dotIsDoc)
		}
	}
}

func (w *fieldWalker) arg(a parse.Node, dotIsDoc bool) {
	switch a := a.(type) {
	case *parse.FieldNode:
		if dotIsDoc {
			w.chain(a, a.Ident)
		}
	case *parse.VariableNode:
		if len(a.Ident) > 1 && a.Ident[0] == "$" {
			w.chain(a, a.Ident[1:])
		}
	case *parse.ChainNode:
		if _, ok := a.Node.(*parse.DotNode); ok && dotIsDoc {
			w.chain(a, a.Field)
		} else {
			w.arg(a.Node, dotIsDoc)
		}
	case *parse.PipeNode:
		w.pipe(a, dotIsDoc)
	}
}

// chain checks .A.B against the document.
func (w *fieldWalker) chain(n parse.Node, idents []string) {
	if len(idents) == 0 {
		return
	}
	where := w.where(n)
	dt := reflect.TypeOf(*w.d)
	f, ok := dt.FieldByName(idents[0])
	if !ok || !f.IsExported() {
		var names []string
		for i := 0; i < dt.NumField(); i++ {
			names = append(names, dt.Field(i).Name)
		}
		w.errs = append(w.errs, fmt.Sprintf("%s: {{.%s}}: the paper has no field %q%s", where, strings.Join(idents, "."), idents[0], nearestName(idents[0], names)))
		return
	}
	what, isMap := docMaps[idents[0]]
	if !isMap || len(idents) < 2 {
		return
	}
	keys := w.keys(idents[0])
	for _, k := range keys {
		if k == idents[1] {
			return
		}
	}
	w.errs = append(w.errs, fmt.Sprintf("%s: {{.%s}}: no %s %q in .%s%s", where, strings.Join(idents, "."), what, idents[1], idents[0], nearestName(idents[1], keys)))
}

func (w *fieldWalker) keys(field string) []string {
	var keys []string
	add := func(m map[string]string) {
		for k := range m {
			keys = append(keys, k)
		}
	}
	addBlocks := func(m map[string]*Blocks) {
		for k := range m {
			keys = append(keys, k)
		}
	}
	switch field {
	case "N":
		add(w.d.N)
	case "S":
		add(w.d.S)
	case "Tables":
		addBlocks(w.d.Tables)
	case "Charts":
		addBlocks(w.d.Charts)
	case "Has":
		for k := range w.d.Has {
			keys = append(keys, k)
		}
	case "Missing":
		keys = append(keys, missingKeys...)
	case "Narrative":
		keys = append(keys, w.d.sections...)
	}
	sort.Strings(keys)
	return keys
}

// where is file:line:col of a node.
func (w *fieldWalker) where(n parse.Node) string {
	loc, _ := w.tree.ErrorContext(n)
	if i := strings.LastIndex(loc, ":"); i > 0 {
		if j := strings.LastIndex(loc[:i], ":"); j >= 0 {
			return w.file + loc[j:]
		}
	}
	return w.file
}

// nearestName is ` (did you mean "x"?)` for the name nearest in
// spelling, when one is close.
func nearestName(s string, names []string) string {
	best, bestD := "", max(3, len(s)/3)+1
	for _, n := range names {
		d := report.EditDistance(strings.ToLower(s), strings.ToLower(n))
		if d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// parseErrorAt turns text/template's "template: NAME:LINE: msg" into
// "PATH:LINE: msg".
func parseErrorAt(err error, name, path string) string {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if rest, ok := strings.CutPrefix(msg, name+":"); ok {
		return path + ":" + rest
	}
	return path + ": " + msg
}
