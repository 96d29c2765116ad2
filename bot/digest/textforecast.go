package digest

import (
	"math"

	"fieldbot/bot"
)

// forecasts writes the "forecast to the end of the year" section: for each
// target, what the pace of the last PaceWindow periods gives by 31/12 and
// what is needed per period to reach it, then the units furthest behind.
// Nothing is written without enough history.
func (w *writer) forecasts() {
	if len(w.d.Forecasts) == 0 {
		return
	}
	loc := w.d.Period.Start.Location()
	w.heading("forecast.heading", "year", w.d.Forecasts[0].YearEnd.Year())
	one, many := "forecast.period_week", "forecast.periods_week"
	if w.kind == bot.Monthly {
		one, many = "forecast.period_month", "forecast.periods_month"
	}
	period, periods := w.p.T(one), w.p.T(many)
	for _, f := range w.d.Forecasts {
		label, date := f.Label.In(w.lang()), w.p.DayMonth(f.YearEnd.In(loc))
		word := func(v float64) string { return w.p.UnitWord(f.Word.In(w.lang()), v) }
		goal := w.p.T("forecast.goal_target")
		if f.Type == bot.FieldMoney {
			goal = w.p.T("forecast.goal_plan")
		}
		projected, need := w.about(f.Type, f.Projected), w.need(f.Type, f.Needed)
		args := []any{"label", label, "window", PaceWindow, "periods", periods, "period", period, "date", date,
			"pace", w.pace(f.Type, f.Pace), "word", word(math.Round(f.Pace*10) / 10), "projected", projected, "target", w.numOf(f.Type, f.Target),
			"word_t", word(f.Target), "pct", w.p.Percent(f.Projected / f.Target * 100), "needed", need,
			"word_n", word(needRound(f.Type, f.Needed)), "goal", goal, "value", w.numOf(f.Type, f.Value)}
		key := "forecast.miss"
		switch {
		case f.Reached():
			key = "forecast.reached"
		case f.Pace <= eps:
			key = "forecast.stalled"
		case f.OnTrack():
			key = "forecast.on_track"
		}
		w.line("• " + w.p.T(key, args...) + w.paceCoverage(f, periods))
		if f.BehindCount == 0 {
			continue
		}
		w.line(w.p.T("forecast.behind", "count", w.n(f.BehindCount), "units", w.unitWord(), "goal", goal))
		for _, u := range f.Behind {
			w.line(w.p.T("forecast.behind_line", "unit", u.Name.In(w.lang()), "projected", w.about(f.Type, u.Projected),
				"target", w.numOf(f.Type, u.Target), "word_t", word(u.Target), "gap", w.numOf(f.Type, u.Target-u.Value),
				"word_g", word(u.Target-u.Value), "date", date))
		}
		if more := f.BehindCount - len(f.Behind); more > 0 {
			w.line(w.p.T("forecast.behind_more", "count", w.n(more), "units", w.unitWord()))
		}
	}
}

// paceCoverage says, when some units with the target have no figures from
// PaceWindow periods ago, how many the pace is made of.
func (w *writer) paceCoverage(f Forecast, periods string) string {
	if f.Covered >= f.Units || f.Reached() {
		return ""
	}
	return w.p.T("forecast.covers", "covered", w.n(f.Covered), "total", w.n(f.Units), "units", w.unitWord(),
		"window", PaceWindow, "periods", periods)
}

// about writes a projected figure: whole for counts, one decimal for money.
func (w *writer) about(typ bot.FieldType, v float64) string {
	if typ == bot.FieldMoney {
		return w.p.Num(v, 1)
	}
	return w.p.Int(int64(math.Round(v)))
}

// need writes what is needed per period (see needRound).
func (w *writer) need(typ bot.FieldType, v float64) string {
	if typ == bot.FieldMoney {
		return w.p.Num(needRound(typ, v), 1)
	}
	return w.p.Auto(needRound(typ, v))
}

// needRound rounds a need per period up to a tenth, so that what is
// written is never less than what is needed (5,93 households a week is
// 6, 0,21 is 0,3).
func needRound(_ bot.FieldType, v float64) float64 { return math.Ceil(v*10-eps) / 10 }

// pace writes a pace per period with at most one decimal ("5,3").
func (w *writer) pace(typ bot.FieldType, v float64) string {
	if typ == bot.FieldMoney {
		return w.p.Num(v, 1)
	}
	return w.p.Auto(math.Round(v*10) / 10)
}
