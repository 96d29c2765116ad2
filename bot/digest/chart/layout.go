package chart

import (
	"math"
	"sort"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// Heights of the layout, in pixels.
const (
	margin     = 32
	headerPx   = 150 // title, subtitle, legend
	trendPx    = 300 // a target with its trend and forecast
	barPanelPx = 128 // a target without history: one bar and a note
	itemHeadPx = 42  // an item's title
	rowPx      = 38  // one bar (the total, or a unit)
	morePx     = 32  // "và N đơn vị khác"
	itemGapPx  = 14
	footerPx   = 48
	nameW      = 380 // the names' column
	minBar     = 240 // the shortest a bar's track may be
	textPx     = 24  // the text of rows, labels, notes
)

// layout is what the chart draws, measured.
type layout struct {
	targets []target
	items   []item
	rows    int     // units named per item
	height  float64 // of the picture, in pixels
}

// target is a headline target (households) with its forecast, if any.
type target struct {
	total    digest.Total
	forecast *digest.Forecast
}

// item is one programme item's money field with a plan: the district's
// total and every unit with a plan for it, the worst first.
type item struct {
	label string
	total digest.Total
	rows  []row
}

// row is one unit's bar.
type row struct {
	name          string
	value, target float64
	data          bool   // the unit has the figure
	asOf          string // date of old figures ("10/09"), empty when current
}

func (r row) rate() float64 { return r.value / r.target * 100 }

// plan picks the panels and measures them so that the picture stays within
// MaxSide with at least MinRows units per item.
func plan(d *digest.Digest, p *i18n.Printer) *layout {
	l := &layout{}
	for _, t := range d.Headline {
		if t.Target > 0 {
			tg := target{total: t}
			for i := range d.Forecasts {
				if f := &d.Forecasts[i]; f.Field == t.Field && len(f.Trend) > 1 {
					tg.forecast = f
				}
			}
			l.targets = append(l.targets, tg)
		}
	}
	loc := d.Period.Start.Location()
	for _, it := range d.Items {
		for _, t := range it.Fields {
			if t.Type != bot.FieldMoney || t.Target <= 0 {
				continue
			}
			in := item{label: it.Label.In(p.Lang()), total: t}
			for _, u := range d.Units {
				tgt := u.Targets[t.Field]
				if tgt <= 0 {
					continue
				}
				v, ok := u.Values[t.Field]
				r := row{name: u.Name.In(p.Lang()), value: v, target: tgt, data: ok && u.HasData}
				if r.data && !u.Reported {
					r.asOf = p.DayMonth(u.AsOf.In(loc))
				}
				in.rows = append(in.rows, r)
			}
			sort.SliceStable(in.rows, func(i, j int) bool {
				a, b := in.rows[i], in.rows[j]
				if a.data != b.data {
					return !a.data
				}
				return a.data && a.rate() < b.rate()
			})
			l.items = append(l.items, in)
		}
	}
	fixed := float64(headerPx + footerPx)
	for _, t := range l.targets {
		fixed += t.height()
	}
	for range l.items {
		fixed += itemHeadPx + rowPx + morePx + itemGapPx
	}
	l.rows = MaxRows
	if n := len(l.items); n > 0 {
		l.rows = int(math.Floor((MaxSide - fixed) / float64(rowPx*n)))
		l.rows = min(max(l.rows, MinRows), MaxRows)
	}
	l.height = headerPx + footerPx
	for _, t := range l.targets {
		l.height += t.height()
	}
	for _, in := range l.items {
		l.height += in.height(l.rows)
	}
	return l
}

func (t target) height() float64 {
	if t.forecast != nil {
		return trendPx
	}
	return barPanelPx
}

// shown is how many units the item names with n rows.
func (in item) shown(n int) int { return min(n, len(in.rows)) }

func (in item) height(n int) float64 {
	h := float64(itemHeadPx + rowPx*(1+in.shown(n)) + itemGapPx)
	if in.shown(n) < len(in.rows) {
		h += morePx
	}
	return h
}
