package digest

import (
	"strings"
	"time"

	"fieldbot/bot"
)

// checks writes the "to check" section: the figures to verify before
// relying on the totals.
func (w *writer) checks() {
	if len(w.d.Checks) == 0 {
		return
	}
	w.heading("digest.checks")
	loc := w.d.Period.Start.Location()
	shown := map[CheckKind]int{}
	more := map[CheckKind]int{}
	var kinds []CheckKind // in the order of the checks
	for _, c := range w.d.Checks {
		if shown[c.Kind]+more[c.Kind] == 0 {
			kinds = append(kinds, c.Kind)
		}
		if shown[c.Kind] == w.lim.Checks {
			more[c.Kind]++
			continue
		}
		shown[c.Kind]++
		w.check(c, loc)
	}
	for _, k := range kinds {
		if more[k] > 0 {
			w.line(w.p.T("digest.checks_more_"+string(k), "count", w.n(more[k])))
		}
	}
}

// check writes one figure to check.
func (w *writer) check(c Check, loc *time.Location) {
	unit, label := w.unitName(c.Unit), c.Label.In(w.lang())
	word := func(v float64) string { return w.p.UnitWord(c.Word.In(w.lang()), v) }
	switch c.Kind {
	case CheckOverPlan:
		key := "digest.check_over_target"
		if c.Type == bot.FieldMoney {
			key = "digest.check_over_plan"
		}
		w.line(w.p.T(key, "unit", unit, "label", label, "value", w.numOf(c.Type, c.Value),
			"target", w.numOf(c.Type, c.Other), "what", word(c.Other), "pct", w.p.Percent(c.Value/c.Other*100)))
	case CheckFell:
		w.line(w.p.T("digest.check_fell", "unit", unit, "label", label, "before", w.numOf(c.Type, c.Other),
			"value", w.numOf(c.Type, c.Value), "what", word(c.Value), "date", w.p.Date(c.At.In(loc))))
	case CheckPercent:
		w.line(w.p.T("digest.check_percent", "unit", unit, "label", label,
			"value", w.p.Percent(c.Value), "computed", w.p.Percent(c.Other)))
	case CheckStale:
		w.line(w.p.T("digest.check_stale", "unit", unit, "date", w.p.Date(c.At.In(loc)), "periods", w.d.StaleAfter))
	}
}

// ratings writes how the units rated their progress, naming the units of
// every option but the first (the best).
func (w *writer) ratings() {
	for _, r := range w.d.Ratings {
		if r.Rated() == 0 {
			continue
		}
		w.heading("digest.rating", "label", r.Label.In(w.lang()), "rated", w.n(r.Rated()), "reported", w.n(w.d.Reported),
			"units", w.unitWord())
		for i, c := range r.Choices {
			label := c.Label.In(w.lang())
			if i == 0 || len(c.Units) == 0 {
				w.line(w.p.T("digest.rating_line", "choice", label, "count", w.n(len(c.Units))))
				continue
			}
			names := make([]string, 0, w.lim.Units)
			for _, code := range c.Units[:min(len(c.Units), w.lim.Units)] {
				names = append(names, w.unitName(code))
			}
			if more := len(c.Units) - len(names); more > 0 {
				w.line(w.p.T("digest.rating_units_more", "choice", label, "count", w.n(len(c.Units)), "names", strings.Join(names, ", "),
					"more", w.n(more), "units", w.unitWord()))
				continue
			}
			w.line(w.p.T("digest.rating_units", "choice", label, "count", w.n(len(c.Units)), "names", strings.Join(names, ", ")))
		}
		if r.Unrated > 0 {
			w.line(w.p.T("digest.rating_none", "count", w.n(r.Unrated)))
		}
	}
}
