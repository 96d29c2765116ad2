package chart

import (
	"image/color"
	"math"

	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the chart.
var (
	colBelow   = color.RGBA{R: 0xD6, G: 0x4F, B: 0x4F, A: 0xFF} // below the district's rate
	colAbove   = color.RGBA{R: 0x3E, G: 0x6F, B: 0xA8, A: 0xFF} // at or above it
	colOver    = color.RGBA{R: 0xE0, G: 0x8A, B: 0x1E, A: 0xFF} // over the plan
	colTarget  = color.RGBA{R: 0x9E, G: 0x2A, B: 0x2B, A: 0xFF} // the target line
	colInk     = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}
	colMuted   = color.RGBA{R: 0x5F, G: 0x63, B: 0x68, A: 0xFF}
	colTrack   = color.RGBA{R: 0xE3, G: 0xE5, B: 0xE8, A: 0xFF} // the plan, behind a bar
	colDemo    = color.RGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}
	colorWhite = color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// painter draws on the canvas in pixels from the top left corner, and
// keeps every text it drew with its size, for the tests.
type painter struct {
	c      draw.Canvas
	h      text.Handler
	height float64 // of the picture, in pixels
	texts  []drawn
}

// drawn is one text as drawn: its size and horizontal extent in pixels.
type drawn struct {
	text        string
	sizePx      float64
	left, right float64
	top, bottom float64
}

// Alignments of a text against its anchor.
const (
	left   = text.XLeft
	right  = text.XRight
	center = text.XCenter
)

// at converts a point in pixels from the top left to the canvas.
func (pt *painter) at(x, y float64) vg.Point {
	return vg.Point{X: pt.c.Min.X + px(x), Y: pt.c.Max.Y - px(y)}
}

func (pt *painter) style(sizePx float64, bold bool, c color.Color, xa text.XAlignment) text.Style {
	return text.Style{Color: c, Font: sans(sizePx*0.75, bold), XAlign: xa, YAlign: draw.YCenter, Handler: pt.h}
}

// widthOf is how wide s is at sizePx, in pixels.
func (pt *painter) widthOf(s string, sizePx float64, bold bool) float64 {
	return float64(pt.style(sizePx, bold, colInk, left).Width(s)) * dpi / 72
}

// text writes s with its middle at height y, anchored at x, cut with "…"
// to at most maxW pixels; it returns the width drawn.
func (pt *painter) text(s string, sizePx float64, bold bool, c color.Color, x, y float64, xa text.XAlignment, maxW float64) float64 {
	s = fitTo(norm.NFC.String(s), maxW, func(t string) float64 { return pt.widthOf(t, sizePx, bold) })
	if s == "" {
		return 0
	}
	w := pt.widthOf(s, sizePx, bold)
	pt.c.FillText(pt.style(sizePx, bold, c, xa), pt.at(x, y), s)
	l := x
	switch xa {
	case right:
		l = x - w
	case center:
		l = x - w/2
	}
	pt.texts = append(pt.texts, drawn{text: s, sizePx: sizePx, left: l, right: l + w, top: y - sizePx/2, bottom: y + sizePx/2})
	return w
}

// fitTo cuts s, ending it with "…", until width says it is at most maxW.
func fitTo(s string, maxW float64, width func(string) float64) string {
	if width(s) <= maxW {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		if t := string(r[:n]) + "…"; width(t) <= maxW {
			return t
		}
	}
	return ""
}

// fill paints the rectangle of w × h pixels whose top left is x, y.
func (pt *painter) fill(c color.Color, x, y, w, h float64) {
	if w <= 0 || h <= 0 {
		return
	}
	a, b := pt.at(x, y), pt.at(x+w, y+h)
	pt.c.FillPolygon(c, []vg.Point{{X: a.X, Y: b.Y}, {X: b.X, Y: b.Y}, {X: b.X, Y: a.Y}, a})
}

// line strokes a line between two points in pixels, dashed when dash > 0.
func (pt *painter) line(c color.Color, width, dash float64, x0, y0, x1, y1 float64) {
	sty := draw.LineStyle{Color: c, Width: px(width)}
	if dash > 0 {
		sty.Dashes = []vg.Length{px(dash), px(dash * 0.7)}
	}
	pt.c.StrokeLine2(sty, pt.at(x0, y0).X, pt.at(x0, y0).Y, pt.at(x1, y1).X, pt.at(x1, y1).Y)
}

// polyline strokes the points (pairs of pixels).
func (pt *painter) polyline(c color.Color, width, dash float64, xy ...float64) {
	sty := draw.LineStyle{Color: c, Width: px(width)}
	if dash > 0 {
		sty.Dashes = []vg.Length{px(dash), px(dash * 0.7)}
	}
	var pts []vg.Point
	for i := 0; i+1 < len(xy); i += 2 {
		pts = append(pts, pt.at(xy[i], xy[i+1]))
	}
	pt.c.StrokeLines(sty, pts)
}

// dot fills a disc of radius r pixels at x, y.
func (pt *painter) dot(c color.Color, x, y, r float64) {
	var pts []vg.Point
	for i := range 16 {
		a := float64(i) / 16 * 2 * math.Pi
		pts = append(pts, pt.at(x+r*math.Cos(a), y+r*math.Sin(a)))
	}
	pt.c.FillPolygon(c, pts)
}
