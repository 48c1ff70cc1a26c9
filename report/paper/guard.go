package paper

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// Limits on a template run. An officer's narrative file is a template
// over the paper's figures, and text/template has no bound of its own: 46
// bytes of {{range 100000000}}xxx{{end}} reached 14 GB. A narrative file
// is a few paragraphs, so each is held to:
const (
	// MaxNarrativeOutput is the text one narrative file may produce.
	MaxNarrativeOutput = 1 << 20
	// MaxNarrativeSteps bounds the work of one narrative file: each pass
	// through a loop's body or a template's costs one step for each
	// action or text in it (so {{range 100000}} of a one-line body is
	// past it).
	MaxNarrativeSteps = 100_000
	// MaxFuncBytes bounds the text all function calls of one file make
	// together (print, printf, md, ...), each call's result being at most
	// the output limit.
	MaxFuncBytes = 64 << 20
	// MaxNesting bounds how deep range, if, with and template calls may
	// nest (text/template unwinds an error through nested ranges in time
	// that grows with the square of the depth); a template may not call
	// itself, directly or not.
	MaxNesting = 32
	// MaxFormatWidth bounds a width or precision in printf ("%01000000d"
	// asks fmt for a megabyte).
	MaxFormatWidth = 1000
	// narrativeTime is a last stop for work the steps do not count (such
	// as comparing megabyte strings in a loop).
	narrativeTime = 5 * time.Second
)

// The built-in templates and report.templates make the whole paper (the
// narrative included), so their limits are wider.
const (
	maxPaperOutput = 256 << 20
	maxPaperSteps  = 50_000_000
	maxPaperFunc   = 1 << 30
	paperTime      = 60 * time.Second
)

// stepFunc is the function instrument puts at the top of every loop body
// and template (a template that calls it itself only adds to its steps).
const stepFunc = "__carereport_step"

// limits are one run's bounds.
type limits struct {
	output, steps int
	funcBytes     int64
	time          time.Duration
}

var narrativeLimits = limits{output: MaxNarrativeOutput, steps: MaxNarrativeSteps, funcBytes: MaxFuncBytes, time: narrativeTime}
var paperLimits = limits{output: maxPaperOutput, steps: maxPaperSteps, funcBytes: maxPaperFunc, time: paperTime}

// guard counts one template run's work against its limits.
type guard struct {
	lim      limits
	steps    int
	made     int64
	deadline time.Time
	now      func() time.Time
	line     int // of the loop or template last entered
	calls    int
	// d is the document the run writes (nil in tests of the limits).
	d *Doc
}

func newGuard(lim limits) *guard {
	g := &guard{lim: lim, now: time.Now}
	g.deadline = g.now().Add(lim.time)
	return g
}

// limitError is a run stopped by a limit; line is the template line of the
// loop or template it was in (0 if not known).
type limitError struct {
	msg  string
	line int
}

func (e *limitError) Error() string { return e.msg }

func (g *guard) fail(format string, a ...any) error {
	return &limitError{msg: fmt.Sprintf(format, a...), line: g.line}
}

func (g *guard) late() error {
	if g.now().After(g.deadline) {
		return g.fail("still running after %s; a loop that runs too long?", g.lim.time)
	}
	return nil
}

// step is called at the top of each loop body and template: cost is the
// number of nodes in it.
func (g *guard) step(line, cost int) (string, error) {
	g.line = line
	g.steps += cost
	if g.steps > g.lim.steps {
		return "", g.fail("more than %d steps of work; a loop that runs too long?", g.lim.steps)
	}
	if g.calls++; g.calls%64 == 0 {
		if err := g.late(); err != nil {
			return "", err
		}
	}
	return "", nil
}

// result checks a function's result against the limits.
func (g *guard) result(name, s string) (string, error) {
	if len(s) > g.lim.output {
		return "", g.fail("%s made %d bytes, more than the %d bytes a template may", name, len(s), g.lim.output)
	}
	g.made += int64(len(s))
	if g.made > g.lim.funcBytes {
		return "", g.fail("functions made more than %d bytes in all", g.lim.funcBytes)
	}
	return s, g.late()
}

// argBytes is how long an argument prints, counted no further than max.
// Blocks (a table, a chart, a narrative section) are not placed by being
// measured: d is quiet meanwhile.
func argBytes(a any, max int, d *Doc) int {
	switch v := a.(type) {
	case string:
		return len(v)
	case []byte:
		return len(v)
	case int, int64, float64, bool, nil:
		return 24
	}
	if d != nil {
		d.quiet++
		defer func() { d.quiet-- }()
	}
	return len(fmt.Sprint(a)) // a map or slice of the Doc: as large as the data
}

// before checks, ahead of a call, that the text it would make is within
// the output limit: each verb of the format may print the longest
// argument, expanded by grow (html and js escapes).
func (g *guard) before(name string, verbs, fixed, grow int, args []any) error {
	longest := 0
	for _, a := range args {
		if n := argBytes(a, g.lim.output, g.d); n > longest {
			longest = n
		}
		if longest > g.lim.output {
			break
		}
	}
	if longest > g.lim.output || int64(verbs)*int64(longest)*int64(grow)+int64(fixed) > int64(g.lim.output) {
		return g.fail("%s would make more than the %d bytes a template may", name, g.lim.output)
	}
	return g.late()
}

// formatVerbs counts the verbs of a printf format and the room its widths
// and precisions ask for, refusing one wider than MaxFormatWidth (or given
// by an argument, with *).
func formatVerbs(format string) (verbs, room int, err error) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for part := 0; part < 2; part++ {
			if i < len(format) && format[i] == '[' {
				for i < len(format) && format[i] != ']' {
					i++
				}
				i++
			}
			n := 0
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				if n = n*10 + int(format[i]-'0'); n > MaxFormatWidth {
					return 0, 0, fmt.Errorf("printf: a width or precision of more than %d", MaxFormatWidth)
				}
				i++
			}
			if i < len(format) && format[i] == '*' {
				return 0, 0, fmt.Errorf("printf: a width or precision given by an argument (*)")
			}
			room += n
			if part == 0 && i < len(format) && format[i] == '.' {
				i++
				continue
			}
			break
		}
		if i < len(format) && format[i] != '%' {
			verbs++
		}
	}
	return verbs, room, nil
}

// funcs are the template functions with the built-ins that make text
// (print, printf, println, html, js, urlquery) replaced by bounded ones,
// and each function's result checked.
func (g *guard) funcs() template.FuncMap {
	m := template.FuncMap{stepFunc: g.step}
	for name, f := range docFuncs(g.d) {
		switch f := f.(type) {
		case func(string) string:
			m[name] = func(s string) (string, error) { return g.result(name, f(s)) }
		default:
			m[name] = f // para and num: short, fixed results
		}
	}
	m["print"] = func(args ...any) (string, error) {
		if err := g.before("print", len(args), 0, 1, args); err != nil {
			return "", err
		}
		return g.result("print", fmt.Sprint(args...))
	}
	m["println"] = func(args ...any) (string, error) {
		if err := g.before("println", len(args), len(args)+1, 1, args); err != nil {
			return "", err
		}
		return g.result("println", fmt.Sprintln(args...))
	}
	m["printf"] = func(format string, args ...any) (string, error) {
		verbs, room, err := formatVerbs(format)
		if err != nil {
			return "", g.fail("%v", err)
		}
		if err := g.before("printf", verbs+1, len(format)+room*(verbs+1), 1, args); err != nil {
			return "", err
		}
		return g.result("printf", fmt.Sprintf(format, args...))
	}
	for name, esc := range map[string]struct {
		f    func(...any) string
		grow int
	}{"html": {template.HTMLEscaper, 6}, "js": {template.JSEscaper, 6}, "urlquery": {template.URLQueryEscaper, 3}} {
		m[name] = func(args ...any) (string, error) {
			if err := g.before(name, len(args), 0, esc.grow, args); err != nil {
				return "", err
			}
			return g.result(name, esc.f(args...))
		}
	}
	return m
}

// instrument checks the shape of t (nesting, no recursion) and puts a
// step call at the top of each template of t and of each loop body in
// them, so that every pass costs its length in steps.
func instrument(t *template.Template) error {
	sh := shape{t: t, depth: map[string]int{}, open: map[string]bool{}}
	for _, tt := range t.Templates() {
		if _, err := sh.of(tt.Name(), 0); err != nil {
			return err
		}
	}
	for _, tt := range t.Templates() {
		tr := tt.Tree
		if tr == nil || tr.Root == nil {
			continue
		}
		instrumentList(tr, tr.Root, lineOf(tr, tr.Root))
	}
	return nil
}

// shape measures how deep templates nest, following template calls.
type shape struct {
	t     *template.Template
	depth map[string]int  // of each template measured
	open  map[string]bool // templates being measured (a call to one is recursion)
}

func (sh *shape) of(name string, line int) (int, error) {
	if d, ok := sh.depth[name]; ok {
		return d, nil
	}
	if sh.open[name] {
		return 0, &limitError{msg: fmt.Sprintf("template %q calls itself; a narrative file may not recurse", name), line: line}
	}
	tt := sh.t.Lookup(name)
	if tt == nil || tt.Tree == nil {
		return 0, nil // text/template names it when run
	}
	sh.open[name] = true
	d, err := sh.list(tt.Tree, tt.Tree.Root)
	delete(sh.open, name)
	if err != nil {
		return 0, err
	}
	sh.depth[name] = d
	return d, nil
}

func (sh *shape) list(tr *parse.Tree, l *parse.ListNode) (int, error) {
	if l == nil {
		return 0, nil
	}
	max := 0
	for _, n := range l.Nodes {
		d := 0
		var err error
		switch n := n.(type) {
		case *parse.TemplateNode:
			d, err = sh.of(n.Name, n.Line)
			if d++; err == nil && d > MaxNesting {
				err = &limitError{msg: fmt.Sprintf("range, if, with and template calls nest more than %d deep", MaxNesting), line: n.Line}
			}
		case *parse.RangeNode:
			d, err = sh.branch(tr, n.Line, n.List, n.ElseList)
		case *parse.IfNode:
			d, err = sh.branch(tr, n.Line, n.List, n.ElseList)
		case *parse.WithNode:
			d, err = sh.branch(tr, n.Line, n.List, n.ElseList)
		}
		if err != nil {
			return 0, err
		}
		max = maxInt(max, d)
	}
	return max, nil
}

func (sh *shape) branch(tr *parse.Tree, line int, lists ...*parse.ListNode) (int, error) {
	max := 0
	for _, l := range lists {
		d, err := sh.list(tr, l)
		if err != nil {
			return 0, err
		}
		max = maxInt(max, d)
	}
	if max+1 > MaxNesting {
		return 0, &limitError{msg: fmt.Sprintf("range, if, with and template calls nest more than %d deep", MaxNesting), line: line}
	}
	return max + 1, nil
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func lineOf(tr *parse.Tree, n parse.Node) int {
	loc, _ := tr.ErrorContext(n)
	// loc is name:line:col; the name may hold colons.
	parts := strings.Split(loc, ":")
	if len(parts) >= 3 {
		if l, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
			return l
		}
	}
	return 0
}

// instrumentList instruments the loops inside l, then puts a step call
// at its top costing its length.
func instrumentList(tr *parse.Tree, l *parse.ListNode, line int) {
	if l == nil {
		return
	}
	walkLoops(tr, l)
	pos := l.Pos
	num := func(v int) parse.Node {
		return &parse.NumberNode{NodeType: parse.NodeNumber, Pos: pos, IsInt: true, Int64: int64(v), Text: strconv.Itoa(v)}
	}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos,
		Args: []parse.Node{parse.NewIdentifier(stepFunc).SetTree(tr).SetPos(pos), num(line), num(1 + len(l.Nodes))}}
	step := &parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Line: line,
		Pipe: &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Line: line, Cmds: []*parse.CommandNode{cmd}}}
	l.Nodes = append([]parse.Node{step}, l.Nodes...)
}

// walkLoops instruments each range's body and else in l, looking into
// if and with (which do not loop) for more.
func walkLoops(tr *parse.Tree, l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			instrumentList(tr, n.List, n.Line)
			instrumentList(tr, n.ElseList, n.Line)
		case *parse.IfNode:
			walkLoops(tr, n.List)
			walkLoops(tr, n.ElseList)
		case *parse.WithNode:
			walkLoops(tr, n.List)
			walkLoops(tr, n.ElseList)
		}
	}
}

// execute runs t (named name) on data under g and returns its text:
// the limits' tests run templates so.
func execute(t *template.Template, g *guard, name string, data any) ([]byte, error) {
	b := newBuilder(g.d, g, dmd.Options{})
	if err := b.run(t, name, data); err != nil {
		return nil, err
	}
	return b.text, nil
}
