package digest

import (
	"math"
	"sort"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// PaceWindow is how many periods the pace of a target is measured over:
// pace = (latest running total − the total PaceWindow periods before) /
// PaceWindow.
const PaceWindow = 4

// ForecastUnits is how many units furthest behind each forecast names.
const ForecastUnits = 3

// noForecast turns the forecast off, for the benchmark that measures what
// it costs (export_test.go).
var noForecast bool

// Forecast is what the pace of the last PaceWindow periods means for one
// target by the end of the year: households lifted out of poverty against
// the year target, money disbursed against the plan of a programme item.
// It is computed only from stored reports; a target without a unit that
// had figures PaceWindow periods ago has no forecast.
type Forecast struct {
	Field string
	Label i18n.Text
	Type  bot.FieldType
	Word  i18n.Text // the field's unit word ("hộ", "triệu đồng")
	// Item is the programme item the field belongs to; empty for a
	// headline target.
	Item i18n.Text

	Value  float64 // the district's running total now (as in the results)
	Target float64 // the sum of the unit targets or plans
	// Pace is the district's progress per period over the window: the sum
	// over the units with figures at both ends of (now − then) / window.
	Pace float64
	// Remaining is how many periods are left from the end of the digest's
	// period to the end of the year (weeks counted in days / 7).
	Remaining float64
	// Projected is Value + Pace × Remaining: the total expected on YearEnd.
	Projected float64
	// Needed is what must be added per period from now on to reach Target
	// by YearEnd; 0 when Target is reached.
	Needed float64
	// YearEnd is the last day of the year of the period.
	YearEnd time.Time
	// Units are the units with a target for the field; Covered those of
	// them with figures both now and PaceWindow periods ago (the pace is
	// theirs; the others add nothing to it).
	Units, Covered int
	// Behind are the units furthest from their target at their own pace
	// (lowest Projected/Target first), at most ForecastUnits of those
	// expected to miss it; BehindCount is how many are expected to miss it.
	Behind      []UnitForecast
	BehindCount int
	// Trend is the district's running total at the end of the period
	// PaceWindow periods back, of the previous period and of this one,
	// oldest first (the periods Build reads; the pace runs from the first
	// to the last).
	Trend []TrendPoint
}

// Reached reports whether the target is already met.
func (f Forecast) Reached() bool { return f.Value >= f.Target-eps }

// OnTrack reports whether the projected total meets the target.
func (f Forecast) OnTrack() bool { return f.Projected >= f.Target-eps }

// UnitForecast is one unit's forecast of a target.
type UnitForecast struct {
	Unit      string // unit code
	Name      i18n.Text
	Value     float64
	Target    float64
	Pace      float64
	Projected float64
	Needed    float64
}

// TrendPoint is a running total at the end of a period.
type TrendPoint struct {
	Period bot.Period
	Value  float64
	Known  bool // some unit had figures by then
}

// forecasts computes the forecast of every target with enough history.
// cur and before are the latest reports up to the end of p and of the
// period before it (already read by Build); the period PaceWindow back is
// read here as Build reads a period.
func forecasts(tx bot.ReportTx, cfg *bot.Config, d *Digest, cur, before map[string]*bot.Report) ([]Forecast, error) {
	targets := forecastTotals(d)
	if len(targets) == 0 || noForecast {
		return nil, nil
	}
	remaining, yearEnd := remainingPeriods(cfg.Period.Kind, d.Period)
	if remaining <= 0 {
		return nil, nil // the year's last period: nothing left to forecast
	}
	// The state at the end of the period PaceWindow periods before p: one
	// more period read. The trend is drawn through it, the period before p
	// and p, which Build has read already.
	back := d.Period
	for range PaceWindow {
		back = cfg.Period.Prev(back)
	}
	then, err := latestByUnit(tx, cfg, back.Key)
	if err != nil {
		return nil, err
	}
	history := []map[string]*bot.Report{then, before, cur}
	periods := []bot.Period{back, d.Prev, d.Period}
	var out []Forecast
	for _, t := range targets {
		f := Forecast{Field: t.total.Field, Label: t.total.Label, Type: t.total.Type, Word: t.total.Unit, Item: t.item,
			Value: t.total.Value, Target: t.total.Target, Remaining: remaining, YearEnd: yearEnd}
		var behind []UnitForecast
		for _, u := range cfg.Units {
			tgt := u.Targets[f.Field]
			if tgt <= 0 {
				continue
			}
			f.Units++
			now, okNow := value(cur[u.Code], f.Field)
			old, okOld := value(then[u.Code], f.Field)
			if !okNow || !okOld {
				continue
			}
			f.Covered++
			pace := (now - old) / PaceWindow
			f.Pace += pace
			uf := UnitForecast{Unit: u.Code, Name: u.Name, Value: now, Target: tgt, Pace: pace,
				Projected: now + pace*remaining, Needed: needed(now, tgt, remaining)}
			if uf.Projected < tgt-eps {
				behind = append(behind, uf)
			}
		}
		if f.Covered == 0 {
			continue // not enough history to speak of a pace
		}
		f.Projected = f.Value + f.Pace*remaining
		f.Needed = needed(f.Value, f.Target, remaining)
		sort.SliceStable(behind, func(i, j int) bool {
			return behind[i].Projected/behind[i].Target < behind[j].Projected/behind[j].Target
		})
		f.BehindCount = len(behind)
		f.Behind = behind[:min(len(behind), ForecastUnits)]
		for i, h := range history {
			pt := TrendPoint{Period: periods[i]}
			for _, u := range cfg.Units {
				if v, ok := value(h[u.Code], f.Field); ok {
					pt.Value += v
					pt.Known = true
				}
			}
			f.Trend = append(f.Trend, pt)
		}
		out = append(out, f)
	}
	return out, nil
}

// forecastTarget is a total to forecast, with its item's label.
type forecastTarget struct {
	total Total
	item  i18n.Text
}

// forecastTotals are the running totals with a target: the headline
// targets, and the money of each programme item with a plan.
func forecastTotals(d *Digest) []forecastTarget {
	var out []forecastTarget
	for _, t := range d.Headline {
		if t.Target > 0 && t.Covered > 0 {
			out = append(out, forecastTarget{total: t})
		}
	}
	for _, it := range d.Items {
		for _, t := range it.Fields {
			if t.Type == bot.FieldMoney && t.Target > 0 && t.Covered > 0 {
				out = append(out, forecastTarget{total: t, item: it.Label})
			}
		}
	}
	return out
}

// value is the numeric answer of r to field, if r has one.
func value(r *bot.Report, field string) (float64, bool) {
	if r == nil {
		return 0, false
	}
	v, ok := r.Values[field]
	return v.Num, ok
}

// needed is what must be added per period to go from v to target in
// remaining periods; 0 when target is reached.
func needed(v, target, remaining float64) float64 {
	if v >= target-eps {
		return 0
	}
	return (target - v) / remaining
}

// remainingPeriods is how many periods are left after p until the end of
// the year p starts in (weeks as days / 7, months whole), and the last day
// of that year.
func remainingPeriods(kind bot.PeriodKind, p bot.Period) (float64, time.Time) {
	loc := p.Start.Location()
	next := time.Date(p.Start.Year()+1, 1, 1, 0, 0, 0, 0, loc)
	yearEnd := next.AddDate(0, 0, -1)
	if !p.End.Before(next) {
		return 0, yearEnd
	}
	if kind == bot.Monthly {
		return float64(12 - int(p.Start.Month())), yearEnd
	}
	days := math.Round(next.Sub(p.End).Hours() / 24) // a zone's DST change is not a day
	return days / 7, yearEnd
}
