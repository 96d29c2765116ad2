package digesttest

import (
	"maps"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// WithForecast returns the Sample with the forecasts digest.Build makes
// from four weeks of history at an invented pace: households 4,5 a week
// (short of the target by 31/12), infrastructure 270 million a week
// (short), production 54 million a week (on track), Project 3 done. The
// trend (weeks 34, 37 and 38, as Build gives it) follows the same pace.
func WithForecast() *digest.Digest {
	d := Sample()
	remaining := 102.0 / 7 // 21/09 to 31/12/2020
	yearEnd := d.Period.Start.AddDate(0, 0, 108)
	paces := map[string]float64{Households: 4.5, InfraDisbursed: 270, ProdDisbursed: 54, P3Disbursed: 0}
	add := func(t digest.Total, item string) {
		pace, units := paces[t.Field], 0
		for _, u := range d.Units {
			if u.Targets[t.Field] > 0 {
				units++
			}
		}
		f := digest.Forecast{Field: t.Field, Label: maps.Clone(t.Label), Type: t.Type, Word: maps.Clone(t.Unit),
			Item: maps.Clone(itemLabels[item]), Value: t.Value, Target: t.Target, Pace: pace, Remaining: remaining,
			Projected: t.Value + pace*remaining, YearEnd: yearEnd, Units: units, Covered: units}
		if t.Value < t.Target {
			f.Needed = (t.Target - t.Value) / remaining
		}
		spec := bot.PeriodSpec{Kind: bot.Weekly}
		back := d.Period
		for range digest.PaceWindow {
			back = spec.Prev(back)
		}
		for _, pt := range []struct {
			p    bot.Period
			back int // periods before d.Period
		}{{back, digest.PaceWindow}, {d.Prev, 1}, {d.Period, 0}} {
			f.Trend = append(f.Trend, digest.TrendPoint{Period: pt.p, Value: t.Value - pace*float64(pt.back), Known: true})
		}
		d.Forecasts = append(d.Forecasts, f)
	}
	for _, t := range d.Headline {
		add(t, "")
	}
	for _, it := range d.Items {
		for _, t := range it.Fields {
			if t.Type == bot.FieldMoney {
				add(t, it.ID)
			}
		}
	}
	return d
}
