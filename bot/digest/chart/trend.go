package chart

import (
	"math"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// Heights inside a trend panel, in pixels from its top.
const (
	trendTop    = 58  // the plot's top
	trendBottom = 214 // the plot's bottom (the zero line)
	trendAxis   = 238 // the period names under it
	trendNote   = 272 // the forecast in words
)

// trend draws a headline target at y: its title, the running total at the
// end of each period of the pace window as a line, the target as a dashed
// line, and the pace projected to 31/12 as a dashed continuation; the
// forecast in words under it.
func trend(pt *painter, t target, p *i18n.Printer, y float64) {
	f := t.forecast
	pt.text(headline(p, t.total), 28, true, colInk, margin, y+22, left, Width-2*margin)
	start, end := f.Trend[0].Period.End, f.YearEnd.AddDate(0, 0, 1)
	x0, x1 := float64(margin+8), float64(Width-margin-8)
	xOf := func(at float64) float64 { // at: seconds since start
		return x0 + (x1-x0)*at/end.Sub(start).Seconds()
	}
	top := math.Max(f.Target, f.Projected)
	for _, pt := range f.Trend {
		top = math.Max(top, pt.Value)
	}
	top *= 1.15
	yOf := func(v float64) float64 { return y + trendBottom - (trendBottom-trendTop)*v/top }

	pt.line(colMuted, 2, 0, x0, y+trendBottom, x1, y+trendBottom)
	word := func(v float64) string { return p.UnitWord(f.Word.In(p.Lang()), v) }
	ty := yOf(f.Target)
	pt.line(colTarget, 3, 12, x0, ty, x1, ty)
	pt.text(p.T("chart.target_line", "value", num(p, f.Type, f.Target), "unit", word(f.Target)), textPx, true, colTarget,
		x0, ty-20, left, (x1-x0)/2)

	var line []float64
	var xs []float64
	for _, tp := range f.Trend {
		x := xOf(tp.Period.End.Sub(start).Seconds())
		xs = append(xs, x)
		line = append(line, x, yOf(tp.Value))
	}
	last := f.Trend[len(f.Trend)-1]
	lx, ly := xs[len(xs)-1], yOf(last.Value)
	ex, ey := x1, yOf(f.Projected)
	pt.polyline(colAbove, 3, 10, lx, ly, ex, ey)
	pt.polyline(colAbove, 4, 0, line...)
	for i := range xs {
		pt.dot(colAbove, xs[i], line[2*i+1], 6)
	}
	pt.dot(colAbove, ex, ey, 6)
	// The values: the first and the latest above their points, the
	// projection on the side of its point away from the target line.
	pt.text(num(p, f.Type, f.Trend[0].Value), textPx, false, colInk, xs[0], line[1]-22, left, 160)
	if lx-xs[0] > 120 {
		pt.text(num(p, f.Type, last.Value), textPx, true, colInk, lx, ly-22, center, 160)
	}
	py := ey + 24
	if f.Projected > f.Target {
		py = ey - 22
	}
	pt.text(p.T("chart.projected", "value", num(p, f.Type, f.Projected), "date", p.DayMonth(f.YearEnd)), textPx, true, colAbove,
		ex, py, right, 360)

	// Period names under the axis, dropped where they would overlap.
	var taken [][2]float64
	label := func(s string, x float64, xa int) {
		w := pt.widthOf(s, textPx, false)
		l := x - w/2
		switch xa {
		case 0:
			l = x
		case 2:
			l = x - w
		}
		for _, r := range taken {
			if l < r[1]+12 && l+w > r[0]-12 {
				return
			}
		}
		taken = append(taken, [2]float64{l, l + w})
		pt.text(s, textPx, false, colMuted, l, y+trendAxis, left, w+1)
	}
	label(p.T("chart.date", "date", p.DayMonth(f.YearEnd)), x1, 2)
	label(shortPeriod(p, last.Period), lx, 1)
	label(shortPeriod(p, f.Trend[0].Period), x0, 0)

	pt.text(forecastNote(p, f), textPx, false, colInk, margin, y+trendNote, left, Width-2*margin)
}

// headline is "label: value/target unit (pct)".
func headline(p *i18n.Printer, t digest.Total) string {
	return p.T("chart.headline", "label", t.Label.In(p.Lang()), "amount", amount(p, t, t.Value, t.Target, true))
}

// shortPeriod names a period in a few letters: "Tuần 38", "Tháng 9".
func shortPeriod(p *i18n.Printer, per bot.Period) string {
	if _, wk := per.Start.ISOWeek(); strings.Contains(per.Key, "-W") {
		return p.T("chart.week", "week", wk)
	}
	return p.T("chart.month", "month", int(per.Start.Month()))
}

// forecastNote says in words what the pace gives by the end of the year.
func forecastNote(p *i18n.Printer, f *digest.Forecast) string {
	word := func(v float64) string { return p.UnitWord(f.Word.In(p.Lang()), v) }
	need := math.Ceil(f.Needed*10-1e-9) / 10
	periods, period := p.T("forecast.periods_week"), p.T("forecast.period_week")
	if !strings.Contains(f.Trend[0].Period.Key, "-W") {
		periods, period = p.T("forecast.periods_month"), p.T("forecast.period_month")
	}
	args := []any{"periods", periods, "period", period, "window", digest.PaceWindow, "projected", num(p, f.Type, f.Projected), "target", num(p, f.Type, f.Target),
		"unit", word(f.Target), "date", p.DayMonth(f.YearEnd), "needed", p.Auto(need), "unit_n", word(need)}
	if f.Type == bot.FieldMoney {
		args[len(args)-3] = p.Num(need, 1)
	}
	switch {
	case f.Reached():
		return p.T("chart.reached")
	case f.OnTrack():
		return p.T("chart.on_track", args...)
	}
	return p.T("chart.behind", args...)
}

// targetBar draws a headline target without enough history for a trend:
// one bar of the total against the target, and a note that says so.
func targetBar(pt *painter, t target, p *i18n.Printer, y float64) {
	pt.text(t.total.Label.In(p.Lang()), 28, true, colInk, margin, y+22, left, Width-2*margin)
	r := row{name: p.T("chart.total"), value: t.total.Value, target: t.total.Target, data: t.total.Covered > 0 || t.total.Value != 0}
	label := p.T("chart.no_data")
	if r.data {
		label = amount(p, t.total, r.value, r.target, true)
	}
	bar(pt, p, r, label, 0, y+44, barEnd(pt.widthOf(label, textPx, true)), true)
	pt.text(p.T("chart.no_trend", "window", digest.PaceWindow, "periods", p.T("forecast.periods_week")), textPx, false, colMuted, margin, y+44+rowPx+24, left, Width-2*margin)
}
