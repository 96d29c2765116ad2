package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"fieldbot/i18n"
)

// newPlot lays out the bars: unit names on the Y axis, lowest rate at the
// top; the rate on the X axis from 0 to a little past 100% (or the highest
// rate), with a light grid every 10%.
func newPlot(s styler, rows []bar, overall float64, p *i18n.Printer) *plot.Plot {
	pl := plot.New()
	pl.TextHandler = s.h
	pl.Legend.TextStyle = s.text(14, false, colInk, draw.XLeft, draw.YCenter)

	top := 100.0
	for _, r := range rows {
		top = math.Max(top, r.rate)
	}
	pl.X.Min, pl.X.Max = 0, top*1.14
	pl.X.Padding = 0
	pl.X.LineStyle.Color = colMuted
	pl.X.Tick.LineStyle.Color = colMuted
	pl.X.Tick.Length = px(5)
	pl.X.Tick.Label = s.text(14, false, colMuted, draw.XCenter, draw.YTop)
	pl.X.Tick.Marker = percentTicks{p: p, top: top}
	pl.X.Label.Text = p.T("chart.axis")
	pl.X.Label.TextStyle = s.text(15, false, colInk, draw.XCenter, draw.YBottom)
	pl.X.Label.Padding = px(6)

	n := len(rows)
	names := make([]string, n)
	for i, r := range rows {
		names[n-1-i] = r.name // y = 0 is the bottom: the highest rate
	}
	pl.Y.Tick.Label = s.text(15, false, colInk, draw.XRight, draw.YCenter)
	pl.NominalY(names...)
	pl.Y.Padding = px(8)
	pl.Y.Min, pl.Y.Max = -0.6, float64(n)-0.4+0.8 // room above for the lines' labels

	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: colGrid, Width: px(1)}
	pl.Add(grid, &barsPlotter{s: s, rows: rows, overall: overall, p: p})
	return pl
}

// percentTicks marks the X axis every 10%, labelled every 20% ("40%"), up
// to the highest rate drawn.
type percentTicks struct {
	p   *i18n.Printer
	top float64
}

func (t percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for v := 0.0; v <= math.Min(hi, math.Ceil(t.top/10)*10)+1e-9; v += 10 {
		tk := plot.Tick{Value: v}
		if int(v)%20 == 0 {
			tk.Label = t.p.Percent(v)
		}
		out = append(out, tk)
	}
	return out
}

// barsPlotter draws the bars, their labels and the two reference lines.
type barsPlotter struct {
	s       styler
	rows    []bar
	overall float64 // -1: no overall rate
	p       *i18n.Printer
}

// Plot implements plot.Plotter. The reference lines go behind the bars, so
// that they never cross a bar's label.
func (b *barsPlotter) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	n := len(b.rows)
	b.lines(c, trX(100), trX(b.overall), trY(-0.5), trY(float64(n)-0.5))
	x0 := trX(0)
	pad := px(8)
	for i, r := range b.rows {
		y := float64(n - 1 - i)
		mid := trY(y)
		if !r.data {
			c.FillText(b.s.text(14, false, colMuted, draw.XLeft, draw.YCenter), vg.Point{X: x0 + pad, Y: mid}, r.label)
			continue
		}
		col := colAbove
		if b.overall >= 0 && r.rate < b.overall-1e-9 {
			col = colBelow
		}
		x1 := trX(math.Min(r.rate, pl.X.Max))
		lo, hi := trY(y-0.32), trY(y+0.32)
		c.FillPolygon(col, []vg.Point{{X: x0, Y: lo}, {X: x1, Y: lo}, {X: x1, Y: hi}, {X: x0, Y: hi}})
		if in := b.s.text(14, true, colorWhite, draw.XRight, draw.YCenter); x1-x0 >= in.Width(r.label)+2*pad {
			c.FillText(in, vg.Point{X: x1 - pad, Y: mid}, r.label)
		} else {
			c.FillText(b.s.text(14, true, colInk, draw.XLeft, draw.YCenter), vg.Point{X: x1 + pad, Y: mid}, r.label)
		}
	}
	c.StrokeLine2(draw.LineStyle{Color: colInk, Width: px(1.5)}, x0, trY(-0.5), x0, trY(float64(n)-0.5))
}

// lines draws the 100% line and the overall rate from yLo to yHi, labelled
// above the bars, each label on the side away from the other line.
func (b *barsPlotter) lines(c draw.Canvas, x100, xo, yLo, yHi vg.Length) {
	labelY := yHi + px(6)
	c.StrokeLine2(draw.LineStyle{Color: colInk, Width: px(2)}, x100, yLo, x100, yHi+px(4))
	xa := draw.XLeft
	if b.overall > 100 {
		xa = draw.XRight
	}
	c.FillText(b.s.text(14, true, colInk, xa, draw.YBottom), vg.Point{X: x100, Y: labelY}, b.p.T("chart.plan_line"))
	if b.overall < 0 {
		return
	}
	c.StrokeLine2(draw.LineStyle{Color: colOverall, Width: px(2), Dashes: []vg.Length{px(7), px(5)}},
		xo, yLo, xo, yHi+px(4))
	xa = draw.XRight
	if b.overall > 100 {
		xa = draw.XLeft
	}
	c.FillText(b.s.text(14, true, colOverall, xa, draw.YBottom), vg.Point{X: xo, Y: labelY},
		b.p.T("chart.overall", "value", b.p.Percent(b.overall)))
}
