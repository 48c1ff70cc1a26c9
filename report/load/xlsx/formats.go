package xlsx

import "strings"

// fmtKind says what a number format displays.
type fmtKind int

const (
	fmtNumber     fmtKind = iota // numbers: read the stored value instead
	fmtDate                      // a date without a time of day
	fmtDateTime                  // a date and a time of day
	fmtKeep                      // General, text: the stored value
	fmtDateTimeHM                // Excel's built-in date and time (hours and minutes)
	fmtTime                      // a time of day
)

// classifyBuiltIn sorts Excel's built-in number format ids.
func classifyBuiltIn(id int) fmtKind {
	switch {
	case id == 0, id == 49: // General, text
		return fmtKeep
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
		return fmtDate
	case id == 22:
		return fmtDateTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47:
		return fmtKeep // time of day or duration
	case id >= 1 && id <= 13, id >= 37 && id <= 44, id == 48:
		return fmtNumber
	}
	return fmtKeep
}

// classifyCode sorts a custom format code by its first section: quoted
// text, escaped characters, colours and locale tags are ignored; y, d or a
// month without hours means a date; h or s means a time of day.
func classifyCode(code string) fmtKind {
	lc := strings.ToLower(code)
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(lc); i++ {
		c := lc[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal or padding
		case c == '[':
			j := strings.IndexByte(lc[i:], ']')
			if j < 0 {
				i = len(lc)
				break
			}
			inner := lc[i+1 : i+j]
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				b.WriteString(inner) // elapsed time
			}
			i += j
		case c == ';':
			i = len(lc)
		default:
			b.WriteByte(c)
		}
	}
	s := b.String()
	if s == "general" || s == "@" {
		return fmtKeep
	}
	s = strings.ReplaceAll(s, "am/pm", "")
	s = strings.ReplaceAll(s, "a/p", "")
	hasDate := strings.ContainsAny(s, "yd")
	hasTime := strings.ContainsAny(s, "hs")
	hasMonth := strings.ContainsRune(s, 'm')
	switch {
	case hasDate && hasTime:
		return fmtDateTime
	case hasDate, hasMonth && !hasTime:
		return fmtDate
	case hasTime:
		return fmtKeep
	}
	if strings.Contains(s, "@") {
		return fmtKeep
	}
	return fmtNumber
}
