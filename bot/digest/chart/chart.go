// Package chart draws the digest's picture: each unit's disbursement rate
// (money disbursed over money planned) as a horizontal bar, lowest first so
// the laggards stand at the top, against a 100% line and the area's overall
// rate. Every word comes from the i18n catalogs, numbers are written the
// reader's way ("54,2%" in Vietnamese), and the text is drawn in an embedded
// font that covers Vietnamese.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"sort"

	"golang.org/x/text/unicode/norm"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// The chart's size: Width × Height(n) pixels for n bars.
const (
	Width   = 1200 // pixels
	MaxBars = 60   // the lowest MaxBars units are drawn when there are more
	dpi     = 96
	headPx  = 132 // title, subtitle, legend
	footPx  = 44  // the note under the axis
	barPx   = 36  // one unit's slot
	basePx  = headPx + footPx + 64
)

// Height is the height in pixels of a chart of n bars: 240 + 36·n, so 960
// for the 20 units of a district. It keeps a province's 60 bars (2400 px)
// within what chat platforms accept for a photo.
func Height(n int) int { return basePx + barPx*max(n, 1) }

// ErrNoPlan is returned when no unit has a money plan, so there is no rate
// to draw; the digest goes out without its picture.
var ErrNoPlan = errors.New("chart: no unit has a disbursement plan")

// PNG draws the disbursement chart of d in lang, Width × Height(bars) pixels.
// Units without a plan are left out, units with a plan but no figures are
// labelled "chưa có số liệu"; a unit that has
// not reported this period is labelled with the date of its figures.
func PNG(d *digest.Digest, lang i18n.Lang) (_ []byte, err error) {
	// plot reports some failures (a font without a glyph table, an
	// impossible size) by panicking; a digest job must not take the bot
	// down with it.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: render: %v", r)
		}
	}()
	hdlr, err := fonts()
	if err != nil {
		return nil, err
	}
	p := i18n.For(lang)
	rows, planned := barsOf(d, p)
	if planned == 0 {
		return nil, ErrNoPlan
	}
	overall := overallRate(d)

	c := vgimg.NewWith(vgimg.UseWH(px(Width), px(float64(Height(len(rows))))), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	s := styler{h: hdlr}
	drawHeader(dc, s, d, p, overall >= 0, len(rows), planned)
	drawFooter(dc, s, d, p)
	pl := newPlot(s, rows, overall, p)
	pl.Draw(draw.Crop(dc, px(24), -px(36), px(footPx), -px(headPx)))

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed} // 3× faster, 15% larger
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// px converts pixels to the canvas's points at the chart's resolution.
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// bar is one unit's bar.
type bar struct {
	name  string
	rate  float64
	label string
	data  bool // the unit has figures at all
}

// barsOf returns the bars of the units with a plan, lowest rate first (at
// most MaxBars of them), and how many units have a plan.
func barsOf(d *digest.Digest, p *i18n.Printer) ([]bar, int) {
	loc := d.Period.Start.Location()
	var out []bar
	for _, u := range d.Units {
		if u.DisbursementRate < 0 && !u.Planned {
			continue
		}
		b := bar{name: label(u.Name.In(p.Lang()), 40), rate: u.DisbursementRate, data: u.HasData && u.DisbursementRate >= 0}
		switch {
		case !b.data:
			b.rate, b.label = 0, p.T("chart.no_data")
		case !u.Reported:
			b.label = p.T("chart.as_of", "value", p.Percent(b.rate), "date", p.DayMonth(u.AsOf.In(loc)))
		default:
			b.label = p.Percent(b.rate)
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].data != out[j].data {
			return !out[i].data
		}
		return out[i].rate < out[j].rate
	})
	return out[:min(len(out), MaxBars)], len(out)
}

// overallRate is the area's rate over the same fields and units as the
// bars: money disbursed over money planned, where a unit has a plan; -1
// when there is none.
func overallRate(d *digest.Digest) float64 {
	var done, plan float64
	for _, it := range d.Items {
		for _, f := range it.Fields {
			if f.Type != bot.FieldMoney {
				continue
			}
			for _, u := range d.Units {
				if t := u.Targets[f.Field]; t > 0 {
					done += u.Values[f.Field]
					plan += t
				}
			}
		}
	}
	for _, f := range d.Headline {
		if f.Type == bot.FieldMoney {
			for _, u := range d.Units {
				if t := u.Targets[f.Field]; t > 0 {
					done += u.Values[f.Field]
					plan += t
				}
			}
		}
	}
	if plan <= 0 {
		return -1
	}
	return done / plan * 100
}

// label prepares a configured name for drawing: composed (NFC), since the
// renderer places no combining marks, and cut to n runes.
func label(s string, n int) string {
	r := []rune(norm.NFC.String(s))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}

// Colours of the chart.
var (
	colBelow   = color.RGBA{R: 0xD6, G: 0x4F, B: 0x4F, A: 0xFF}
	colAbove   = color.RGBA{R: 0x3E, G: 0x6F, B: 0xA8, A: 0xFF}
	colOverall = color.RGBA{R: 0x9E, G: 0x2A, B: 0x2B, A: 0xFF}
	colInk     = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xFF}
	colMuted   = color.RGBA{R: 0x5F, G: 0x63, B: 0x68, A: 0xFF}
	colGrid    = color.RGBA{R: 0xE3, G: 0xE5, B: 0xE8, A: 0xFF}
	colDemo    = color.RGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF}
	colorWhite = color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

// styler makes text styles in the chart's fonts.
type styler struct{ h text.Handler }

func (s styler) text(sizePx float64, bold bool, c color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{Color: c, Font: sans(sizePx*0.75, bold), XAlign: xa, YAlign: ya, Handler: s.h}
}

// fit shrinks sty's font until txt is at most w wide, down to 70%.
func fit(sty text.Style, txt string, w vg.Length) text.Style {
	for size := sty.Font.Size; sty.Width(txt) > w && sty.Font.Size > size*0.7; {
		sty.Font.Size *= 0.95
	}
	return sty
}

// drawHeader writes the title, the subtitle, the demo mark and the legend.
func drawHeader(dc draw.Canvas, s styler, d *digest.Digest, p *i18n.Printer, legend bool, shown, planned int) {
	left, right, top := dc.Min.X+px(24), dc.Max.X-px(24), dc.Max.Y
	avail := right - left
	if d.Demo {
		sty := s.text(16, true, colDemo, draw.XRight, draw.YTop)
		mark := p.T("files.demo")
		w, h := sty.Width(mark), sty.Height(mark)
		box := vg.Rectangle{Min: vg.Point{X: right - w - px(20), Y: top - px(18) - h - px(12)},
			Max: vg.Point{X: right, Y: top - px(18)}}
		dc.StrokeLines(draw.LineStyle{Color: colDemo, Width: px(2)}, []vg.Point{box.Min,
			{X: box.Min.X, Y: box.Max.Y}, box.Max, {X: box.Max.X, Y: box.Min.Y}, box.Min})
		dc.FillText(sty, vg.Point{X: right - px(10), Y: top - px(24)}, mark)
		avail -= w + px(40)
	}
	title := label(p.T("chart.title", "period", digest.PeriodName(p, d.Period)), 120)
	dc.FillText(fit(s.text(24, true, colInk, draw.XLeft, draw.YTop), title, avail),
		vg.Point{X: left, Y: top - px(18)}, title)
	sub := label(p.T("chart.subtitle", "area", d.Area.In(p.Lang()), "program", d.Program.In(p.Lang())), 160)
	dc.FillText(fit(s.text(16, false, colMuted, draw.XLeft, draw.YTop), sub, avail),
		vg.Point{X: left, Y: top - px(56)}, sub)

	y := top - px(100)
	x := left
	if legend {
		for _, e := range []struct {
			c   color.Color
			key string
		}{{colBelow, "chart.below"}, {colAbove, "chart.above"}} {
			dc.FillPolygon(e.c, []vg.Point{{X: x, Y: y - px(8)}, {X: x + px(14), Y: y - px(8)},
				{X: x + px(14), Y: y + px(6)}, {X: x, Y: y + px(6)}})
			sty := s.text(15, false, colInk, draw.XLeft, draw.YCenter)
			t := p.T(e.key)
			dc.FillText(sty, vg.Point{X: x + px(22), Y: y}, t)
			x += px(22) + sty.Width(t) + px(28)
		}
	}
	if shown < planned {
		note := p.T("chart.truncated", "shown", p.Int(int64(shown)), "total", p.Int(int64(planned)))
		sty := s.text(15, true, colInk, draw.XRight, draw.YCenter)
		dc.FillText(fit(sty, note, right-x), vg.Point{X: right, Y: y}, note)
	}
}

// drawFooter writes how the rate is computed and when the chart was made.
func drawFooter(dc draw.Canvas, s styler, d *digest.Digest, p *i18n.Printer) {
	note := p.T("chart.footer", "time", p.DateTime(d.Built.In(d.Period.Start.Location())))
	sty := s.text(13, false, colMuted, draw.XLeft, draw.YBottom)
	w := dc.Max.X - dc.Min.X - px(48)
	dc.FillText(fit(sty, note, w), vg.Point{X: dc.Min.X + px(24), Y: dc.Min.Y + px(14)}, note)
}
