package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of what Parse accepts. A real manifest is a few kB: one config,
// a handful of inputs (a trend adds one a quarter) and a few dozen
// outputs.
const (
	MaxSize    = 4 << 20 // bytes of JSON
	MaxFiles   = 10_000  // inputs, and outputs
	MaxPathLen = 4096    // bytes of a path or name
)

// Error is a manifest problem: the file, the line and column where it is
// (0 when it is about the whole file), and what is wrong.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Parse reads a manifest: JSON of Format, every field known, hashes of 64
// hex digits, sizes not negative, paths not empty and of valid UTF-8
// without NUL. Its errors are one line, with the line and column.
func Parse(name string, b []byte) (*Manifest, error) {
	at := func(off int64, format string, a ...any) error {
		line, col := lineCol(b, off)
		return &Error{File: name, Line: line, Col: col, Msg: oneLine(fmt.Sprintf(format, a...))}
	}
	if len(b) > MaxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d MB; a manifest is a few kB", MaxSize>>20)}
	}
	if !utf8.Valid(b) {
		return nil, at(int64(firstInvalid(b)), "not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return nil, &Error{File: name, Msg: "empty: not a manifest"}
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, at(int64(len(b)), "the JSON ends too soon")
		case errors.As(err, &se):
			return nil, at(se.Offset, "%s", strings.TrimPrefix(se.Error(), "json: "))
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "the manifest"
			}
			return nil, at(te.Offset, "%s: %s, not %s", field, kind(te.Type.Kind().String()), te.Value)
		default:
			return nil, at(dec.InputOffset(), "%s", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, at(dec.InputOffset(), "more after the manifest's closing brace")
	}
	bad := func(path []any, format string, a ...any) error {
		return at(locate(b, path), "%s: %s", pathString(path), fmt.Sprintf(format, a...))
	}
	if m.Format != Format {
		return nil, bad([]any{"format"}, "%q is not %q: not a carereport manifest, or one of another version", clip(m.Format), Format)
	}
	if len(m.Inputs) > MaxFiles || len(m.Outputs) > MaxFiles {
		return nil, &Error{File: name, Msg: fmt.Sprintf("lists more than %d inputs or outputs", MaxFiles)}
	}
	if err := checkFile(m.Config.Path, m.Config.Size, m.Config.SHA256, func(field, format string, a ...any) error {
		return bad([]any{"config", field}, format, a...)
	}); err != nil {
		return nil, err
	}
	for i, in := range m.Inputs {
		if err := checkFile(in.Path, in.Size, in.SHA256, func(field, format string, a ...any) error {
			return bad([]any{"inputs", i, field}, format, a...)
		}); err != nil {
			return nil, err
		}
	}
	seen := map[string]int{}
	for i, out := range m.Outputs {
		if err := checkFile(out.Name, out.Size, out.SHA256, func(field, format string, a ...any) error {
			if field == "path" {
				field = "name"
			}
			return bad([]any{"outputs", i, field}, format, a...)
		}); err != nil {
			return nil, err
		}
		if j, dup := seen[out.Name]; dup {
			return nil, bad([]any{"outputs", i, "name"}, "%q is listed twice (also outputs[%d])", clip(out.Name), j)
		}
		seen[out.Name] = i
	}
	return &m, nil
}

// checkFile checks one file's entry.
func checkFile(path string, size int64, sum string, bad func(field, format string, a ...any) error) error {
	switch {
	case path == "":
		return bad("path", "is empty")
	case len(path) > MaxPathLen:
		return bad("path", "is longer than %d bytes", MaxPathLen)
	case strings.ContainsRune(path, 0):
		return bad("path", "holds a NUL character")
	case size < 0:
		return bad("size", "is negative")
	case !isSum(sum):
		return bad("sha256", "%q is not 64 lower-case hex digits", clip(sum))
	}
	return nil
}

func isSum(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// kind words a Go kind for a person.
func kind(k string) string {
	switch k {
	case "string":
		return "text"
	case "int", "int64", "int32", "uint", "uint64":
		return "a whole number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "struct", "map":
		return "an object"
	}
	return k
}

// clip shortens a quoted value from the file for a message.
func clip(s string) string {
	if len(s) > 80 {
		s = s[:80]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "..."
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// lineCol turns a byte offset into a 1-based line and column (in bytes).
func lineCol(b []byte, off int64) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	before := b[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func pathString(path []any) string {
	var s strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case string:
			if s.Len() > 0 {
				s.WriteByte('.')
			}
			s.WriteString(p)
		case int:
			s.WriteString("[" + strconv.Itoa(p) + "]")
		}
	}
	return s.String()
}

// locate finds where the value at path (object keys and list indexes)
// starts in the JSON b: the offset just after its key, or 0 if it is not
// there. The file has already decoded, so it is well formed.
func locate(b []byte, path []any) int64 {
	dec := json.NewDecoder(bytes.NewReader(b))
	type level struct {
		object bool
		key    any // the key or index of the value being read
		index  int
		wantK  bool // in an object, the next token is a key
	}
	var stack []level
	// match says whether the stack is at path.
	match := func() bool {
		if len(stack) != len(path) {
			return false
		}
		for i, l := range stack {
			if l.key != path[i] {
				return false
			}
		}
		return true
	}
	// value is called before each value is read: it moves the position
	// in the enclosing list.
	value := func() {
		if n := len(stack); n > 0 && !stack[n-1].object {
			stack[n-1].key = stack[n-1].index
			stack[n-1].index++
		}
	}
	for {
		off := dec.InputOffset()
		t, err := dec.Token()
		if err != nil {
			return 0
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].wantK {
			if d, ok := t.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].wantK = true
				}
				continue
			}
			stack[top].key = t.(string)
			stack[top].wantK = false
			if match() {
				return dec.InputOffset()
			}
			continue
		}
		if d, ok := t.(json.Delim); ok && d == ']' {
			stack = stack[:top]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].wantK = true
			}
			continue
		}
		value()
		if match() {
			return off
		}
		switch t {
		case json.Delim('{'):
			stack = append(stack, level{object: true, wantK: true})
		case json.Delim('['):
			stack = append(stack, level{})
		default:
			if top >= 0 && stack[top].object {
				stack[top].wantK = true
			}
		}
	}
}
