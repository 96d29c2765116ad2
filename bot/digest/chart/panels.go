package chart

import (
	"image/color"
	"math"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// draw paints the layout from the top down.
func (l *layout) draw(pt *painter, d *digest.Digest, p *i18n.Printer) {
	y := l.header(pt, d, p)
	for _, t := range l.targets {
		if t.forecast != nil {
			trend(pt, t, p, y)
		} else {
			targetBar(pt, t, p, y)
		}
		y += t.height()
	}
	// One bar length for every item, so that the panels line up: as long
	// as the widest label of any of them leaves room for.
	x1 := float64(Width)
	for _, in := range l.items {
		total, labels := in.labels(p, l.rows)
		w := pt.widthOf(total, textPx, true)
		for _, s := range labels {
			w = math.Max(w, pt.widthOf(s, textPx, false))
		}
		x1 = math.Min(x1, barEnd(w))
	}
	for _, in := range l.items {
		in.draw(pt, p, unitWord(d, p), y, l.rows, x1)
		y += in.height(l.rows)
	}
	note := p.T("chart.footer", "time", p.DateTime(d.Built.In(d.Period.Start.Location())))
	pt.text(note, textPx, false, colMuted, margin, l.height-footerPx/2, left, Width-2*margin)
}

// header writes the title with the period's name, the area and programme,
// the demo mark and the colours' legend; it returns where it ends.
func (l *layout) header(pt *painter, d *digest.Digest, p *i18n.Printer) float64 {
	avail := float64(Width - 2*margin)
	if d.Demo {
		mark := p.T("files.demo")
		w := pt.widthOf(mark, textPx, true)
		x0 := Width - margin - w - 20
		pt.polyline(colDemo, 2, 0, x0, 20, Width-margin, 20, Width-margin, 64, x0, 64, x0, 20)
		pt.text(mark, textPx, true, colDemo, Width-margin-10, 42, right, w)
		avail -= w + 40
	}
	pt.text(p.T("chart.title", "period", digest.PeriodName(p, d.Period)), 34, true, colInk, margin, 42, left, avail)
	pt.text(p.T("chart.subtitle", "area", d.Area.In(p.Lang()), "program", d.Program.In(p.Lang())), textPx, false, colMuted,
		margin, 84, left, Width-2*margin)
	if len(l.items) > 0 {
		x := float64(margin)
		for _, e := range []struct {
			c   color.Color
			key string
		}{{colBelow, "chart.below"}, {colAbove, "chart.above"}, {colOver, "chart.over"}} {
			if e.c == colOver && !l.overPlan() {
				continue
			}
			pt.fill(e.c, x, 112, 22, 22)
			x += 30 + pt.text(p.T(e.key), textPx, false, colInk, x+30, 123, left, Width-margin-x-30) + 36
		}
	}
	return headerPx
}

// overPlan reports whether some bar drawn is over its plan.
func (l *layout) overPlan() bool {
	for _, in := range l.items {
		if in.overPlan(l.rows) {
			return true
		}
	}
	return false
}

// unitWord names the units as a group, as the text does.
func unitWord(d *digest.Digest, p *i18n.Printer) string {
	if s := d.UnitWord.In(p.Lang()); s != "" {
		return s
	}
	return p.T("digest.units_word")
}

// num writes a figure of a field of type typ: counts whole, money with one
// decimal.
func num(p *i18n.Printer, typ bot.FieldType, v float64) string {
	if typ == bot.FieldMoney {
		return p.Num(v, 1)
	}
	return p.Int(int64(math.Round(v)))
}

// amount writes "value/target word (pct)", or without the word.
func amount(p *i18n.Printer, t digest.Total, value, target float64, word bool) string {
	args := []any{"value", num(p, t.Type, value), "target", num(p, t.Type, target), "pct", p.Percent(value / target * 100)}
	if !word {
		return p.T("chart.amount_short", args...)
	}
	return p.T("chart.amount", append(args, "unit", p.UnitWord(t.Unit.In(p.Lang()), target))...)
}

// labels are the amounts of the total and of the n units shown.
func (in item) labels(p *i18n.Printer, n int) (string, []string) {
	rows := in.rows[:in.shown(n)]
	labels := make([]string, len(rows))
	for i, r := range rows {
		labels[i] = p.T("chart.no_data")
		if r.data {
			labels[i] = amount(p, in.total, r.value, r.target, false)
		}
	}
	return amount(p, in.total, in.total.Value, in.total.Target, true), labels
}

// draw writes the item's panel at y: its title, the total's bar and the
// n units furthest behind, bars ending at x1, then how many more there are.
func (in item) draw(pt *painter, p *i18n.Printer, units string, y float64, n int, x1 float64) {
	pt.text(in.label, 26, true, colInk, margin, y+20, left, Width-2*margin)
	y += itemHeadPx
	overall := in.total.Value / in.total.Target * 100
	total := row{name: p.T("chart.total"), value: in.total.Value, target: in.total.Target,
		data: in.total.Covered > 0 || in.total.Value != 0}
	totalLabel, labels := in.labels(p, n)
	bar(pt, p, total, totalLabel, overall, y, x1, true)
	y += rowPx
	for i, r := range in.rows[:in.shown(n)] {
		bar(pt, p, r, labels[i], overall, y, x1, false)
		y += rowPx
	}
	if more := len(in.rows) - in.shown(n); more > 0 {
		pt.text(p.T("chart.more", "count", p.Int(int64(more)), "units", units), textPx, false, colMuted,
			margin, y+morePx/2, left, Width-2*margin)
	}
}

// barEnd is where bars end so that labels up to labelW pixels wide fit at
// their right, whole: numbers are never cut. Bars keep at least minBar.
func barEnd(labelW float64) float64 {
	return math.Max(Width-margin-labelW-16, margin+nameW+12+minBar)
}

// overPlan reports whether the item shows a bar over its plan with n rows.
func (in item) overPlan(n int) bool {
	if in.total.Value > in.total.Target+1e-9 {
		return true
	}
	for _, r := range in.rows[:in.shown(n)] {
		if r.data && r.value > r.target+1e-9 {
			return true
		}
	}
	return false
}

// bar draws one row at y: the name, the plan as a grey track up to x1, the
// share done in the colour of its rate against overall (orange over the
// plan), and the label at the right.
func bar(pt *painter, p *i18n.Printer, r row, label string, overall, y, x1 float64, bold bool) {
	mid := y + rowPx/2
	name := r.name
	if r.asOf != "" {
		suffix := " " + p.T("chart.as_of", "date", r.asOf)
		sw := pt.widthOf(suffix, textPx, bold)
		name = fitTo(name, nameW-sw, func(s string) float64 { return pt.widthOf(s, textPx, bold) }) + suffix
	}
	pt.text(name, textPx, bold, colInk, margin, mid, left, nameW)
	x0 := float64(margin + nameW + 12)
	pt.fill(colTrack, x0, y+6, x1-x0, rowPx-12)
	if r.data {
		rate := r.rate()
		c := colAbove
		switch {
		case rate > 100+1e-9:
			c = colOver
		case rate < overall-1e-9:
			c = colBelow
		}
		pt.fill(c, x0, y+6, (x1-x0)*math.Min(rate, 100)/100, rowPx-12)
	}
	col := colInk
	if !r.data {
		col = colMuted
	}
	pt.text(label, textPx, bold, col, Width-margin, mid, right, Width-margin-x1-16)
}
