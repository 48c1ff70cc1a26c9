package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// fmtKind says what a number format displays.
type fmtKind int

const (
	fmtNumber   fmtKind = iota // numbers: read the stored value instead
	fmtDate                    // a date without a time of day
	fmtDateTime                // a date and a time of day
	fmtKeep                    // General, text, time of day: leave as is
)

// rawFmtID is a number format id that is neither built in nor defined by
// the workbook; excelize returns the stored value for it.
const rawFmtID = 1 << 30

const (
	isoDate     = "yyyy-mm-dd"
	isoDateTime = "yyyy-mm-dd hh:mm:ss"
)

// rewriteFormats changes, in memory, the workbook's cell formats so that
// date cells read as ISO dates and other numbers read as stored.
func rewriteFormats(f *excelize.File) error {
	if _, err := f.GetStyle(0); err != nil && f.Styles == nil {
		// GetStyle loads the style sheet; an out-of-range index is fine.
		return err
	}
	st := f.Styles
	if st == nil || st.CellXfs == nil {
		return nil
	}
	custom := map[int]fmtKind{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			k := classifyCode(code)
			custom[nf.NumFmtID] = k
			switch k {
			case fmtDate:
				nf.FormatCode, nf.FormatCode16 = isoDate, ""
			case fmtDateTime:
				nf.FormatCode, nf.FormatCode16 = isoDateTime, ""
			}
		}
	}
	for i := range st.CellXfs.Xf {
		xf := &st.CellXfs.Xf[i]
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		k, isCustom := custom[id]
		if !isCustom {
			k = classifyBuiltIn(id)
		}
		var nid int
		switch {
		case k == fmtNumber:
			nid = rawFmtID
		case k == fmtDate && !isCustom:
			nid = 14 // formatted with ShortDatePattern
		case k == fmtDateTime && !isCustom:
			nid = 22 // ShortDatePattern followed by hh:mm
		default:
			continue
		}
		xf.NumFmtID = &nid
	}
	return nil
}

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
