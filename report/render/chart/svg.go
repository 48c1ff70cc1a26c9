package chart

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Hex returns the colour as #rrggbb.
func (c Color) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func num(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// SVG writes the drawing as an inline SVG element. id must be unique in the
// page; the element is labelled by the element with id labelID (the figure
// caption) and described by a <desc> naming where the data table is.
func (d *Drawing) SVG(id, labelID, desc string) []byte {
	var b bytes.Buffer
	esc := xmlText
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" id="%s" role="img" aria-labelledby="%s %s-desc" viewBox="0 0 %s %s" width="%s" height="%s" font-family="Go, 'Segoe UI', Arial, Helvetica, sans-serif">`,
		esc(id), esc(labelID), esc(id), num(d.Width), num(d.Height), num(d.Width), num(d.Height))
	fmt.Fprintf(&b, "\n<desc id=\"%s-desc\">%s</desc>\n", esc(id), esc(desc))
	for _, it := range d.Items {
		switch it.Kind {
		case KindRect:
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s"`, num(it.X), num(it.Y), num(it.W), num(it.H))
			writePaint(&b, it)
			b.WriteString("/>\n")
		case KindPath:
			if len(it.Points) < 2 {
				continue
			}
			b.WriteString(`<path d="`)
			for i, p := range it.Points {
				if i == 0 {
					b.WriteString("M")
				} else {
					b.WriteString(" L")
				}
				fmt.Fprintf(&b, "%s %s", num(p.X), num(p.Y))
			}
			b.WriteString(` Z"`)
			writePaint(&b, it)
			b.WriteString("/>\n")
		case KindLine:
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n",
				num(it.X), num(it.Y), num(it.X2), num(it.Y2), it.Stroke.Hex(), num(it.StrokeWidth))
		case KindText:
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="%s"`, num(it.X), num(it.Y), num(it.Size), it.Fill.Hex())
			switch it.Anchor {
			case AnchorMiddle:
				b.WriteString(` text-anchor="middle"`)
			case AnchorEnd:
				b.WriteString(` text-anchor="end"`)
			}
			if it.Bold {
				b.WriteString(` font-weight="bold"`)
			}
			fmt.Fprintf(&b, ">%s</text>\n", esc(it.Text))
		}
	}
	b.WriteString("</svg>")
	return b.Bytes()
}

func writePaint(b *bytes.Buffer, it Item) {
	if it.Fill == None {
		b.WriteString(` fill="none"`)
	} else {
		fmt.Fprintf(b, ` fill="%s"`, it.Fill.Hex())
	}
	if it.Stroke != None && it.StrokeWidth > 0 {
		fmt.Fprintf(b, ` stroke="%s" stroke-width="%s"`, it.Stroke.Hex(), num(it.StrokeWidth))
	}
}

// xmlText escapes s for XML text or attribute values and replaces what XML
// cannot carry (invalid UTF-8, most control characters) by U+FFFD.
func xmlText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r < 0xE000 {
			return 0xFFFD
		}
		return r
	}, s)
	return html.EscapeString(s)
}
