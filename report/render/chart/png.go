package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"sync"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// PNG draws the laid-out chart as a picture at dpi dots per inch, from the
// same shapes the SVG and the PDF draw, for formats that take pictures
// (Word). The same drawing always gives the same bytes.
func (d *Drawing) PNG(dpi float64) ([]byte, error) {
	scale := dpi / 72
	w := int(math.Ceil(d.Width * scale))
	h := int(math.Ceil(d.Height * scale))
	if w < 1 || h < 1 || w > 20000 || h > 20000 {
		return nil, errImageSize
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, it := range d.Items {
		switch it.Kind {
		case KindRect:
			x0, y0 := float32(it.X*scale), float32(it.Y*scale)
			x1, y1 := float32((it.X+it.W)*scale), float32((it.Y+it.H)*scale)
			if it.Fill != None {
				fillPoly(img, rgba(it.Fill), [][2]float32{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
			}
			if it.Stroke != None && it.StrokeWidth > 0 {
				sw := float32(math.Max(it.StrokeWidth*scale, 1))
				c := rgba(it.Stroke)
				strokeLine(img, c, x0, y0, x1, y0, sw)
				strokeLine(img, c, x1, y0, x1, y1, sw)
				strokeLine(img, c, x1, y1, x0, y1, sw)
				strokeLine(img, c, x0, y1, x0, y0, sw)
			}
		case KindLine:
			sw := float32(math.Max(it.StrokeWidth*scale, 1))
			strokeLine(img, rgba(it.Stroke), float32(it.X*scale), float32(it.Y*scale), float32(it.X2*scale), float32(it.Y2*scale), sw)
		case KindPath:
			if len(it.Points) < 2 {
				continue
			}
			pts := make([][2]float32, len(it.Points))
			for i, p := range it.Points {
				pts[i] = [2]float32{float32(p.X * scale), float32(p.Y * scale)}
			}
			if it.Closed && it.Fill != None {
				fillPoly(img, rgba(it.Fill), pts)
			}
			if it.Stroke == None || it.StrokeWidth <= 0 {
				continue
			}
			sw := float32(math.Max(it.StrokeWidth*scale, 1))
			path := it.Points
			if it.Closed {
				path = append(append([]Point(nil), path...), path[0])
			}
			for _, seg := range dashSegments(path, it.Dash) {
				strokeLine(img, rgba(it.Stroke), float32(seg[0].X*scale), float32(seg[0].Y*scale), float32(seg[1].X*scale), float32(seg[1].Y*scale), sw)
			}
		case KindText:
			face, err := pngFace(it.Size*scale, it.Bold)
			if err != nil {
				return nil, err
			}
			dr := &font.Drawer{Dst: img, Src: image.NewUniform(rgba(it.Fill)), Face: face}
			adv := dr.MeasureString(it.Text)
			x := fixed.Int26_6(it.X * scale * 64)
			switch it.Anchor {
			case AnchorMiddle:
				x -= adv / 2
			case AnchorEnd:
				x -= adv
			}
			dr.Dot = fixed.Point26_6{X: x, Y: fixed.Int26_6(it.Y * scale * 64)}
			dr.DrawString(it.Text)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type imageSizeError struct{}

func (imageSizeError) Error() string { return "chart: picture too large or empty" }

var errImageSize = imageSizeError{}

func rgba(c Color) color.RGBA { return color.RGBA{c.R, c.G, c.B, 0xff} }

// fillPoly fills a polygon, rasterizing only the box around it (a map has
// hundreds of small shapes: a whole-picture rasterizer for each would take
// seconds).
func fillPoly(img *image.RGBA, c color.RGBA, pts [][2]float32) {
	x0, y0, x1, y1 := pts[0][0], pts[0][1], pts[0][0], pts[0][1]
	for _, p := range pts[1:] {
		x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
	}
	box := image.Rect(int(math.Floor(float64(x0))), int(math.Floor(float64(y0))),
		int(math.Ceil(float64(x1)))+1, int(math.Ceil(float64(y1)))+1).Intersect(img.Bounds())
	if box.Empty() {
		return
	}
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	r := vector.NewRasterizer(box.Dx(), box.Dy())
	r.MoveTo(pts[0][0]-ox, pts[0][1]-oy)
	for _, p := range pts[1:] {
		r.LineTo(p[0]-ox, p[1]-oy)
	}
	r.ClosePath()
	r.Draw(img, box, image.NewUniform(c), image.Point{})
}

// strokeLine draws a segment of width sw as a filled quadrilateral.
func strokeLine(img *image.RGBA, c color.RGBA, x0, y0, x1, y1, sw float32) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*sw/2, dx/l*sw/2
	fillPoly(img, c, [][2]float32{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}})
}

var (
	pngFontsOnce sync.Once
	pngReg       *opentype.Font
	pngBold      *opentype.Font
	pngFontsErr  error
	pngFaces     sync.Map // faceKey -> font.Face
)

type faceKey struct {
	size float64
	bold bool
}

// pngFace returns Liberation Sans at size (pixels), shared per size.
func pngFace(size float64, bold bool) (font.Face, error) {
	pngFontsOnce.Do(func() {
		pngReg, pngFontsErr = opentype.Parse(liberationsansregular.TTF)
		if pngFontsErr == nil {
			pngBold, pngFontsErr = opentype.Parse(liberationsansbold.TTF)
		}
	})
	if pngFontsErr != nil {
		return nil, pngFontsErr
	}
	k := faceKey{math.Round(size*100) / 100, bold}
	if f, ok := pngFaces.Load(k); ok {
		return f.(*lockedFace), nil
	}
	src := pngReg
	if bold {
		src = pngBold
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: k.size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	lf, _ := pngFaces.LoadOrStore(k, &lockedFace{Face: f})
	return lf.(*lockedFace), nil
}

// lockedFace serialises a face: opentype faces are not safe for
// concurrent use, and a batch draws several papers at once.
type lockedFace struct {
	mu sync.Mutex
	font.Face
}

func (f *lockedFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	dr, mask, mp, adv, ok := f.Face.Glyph(dot, r)
	if mask != nil {
		// The mask is the face's buffer: copy it before unlocking.
		m := image.NewAlpha(mask.Bounds())
		draw.Draw(m, m.Bounds(), mask, mask.Bounds().Min, draw.Src)
		mask = m
	}
	return dr, mask, mp, adv, ok
}

func (f *lockedFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Face.GlyphAdvance(r)
}

func (f *lockedFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Face.GlyphBounds(r)
}

func (f *lockedFace) Kern(r0, r1 rune) fixed.Int26_6 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Face.Kern(r0, r1)
}
