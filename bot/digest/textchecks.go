package digest

import (
	"strings"

	"fieldbot/bot"
)

// MaxChecks is how many figures to check the text lists; it says how many
// more there are, so a district that filed nonsense does not get a digest
// of ten thousand lines.
const MaxChecks = 30

// checks writes the "to check" section: the figures to verify before
// relying on the totals.
func (w *writer) checks() {
	if len(w.d.Checks) == 0 {
		return
	}
	w.heading("digest.checks")
	loc := w.d.Period.Start.Location()
	for i, c := range w.d.Checks {
		if i == MaxChecks {
			w.line(w.p.T("digest.checks_more", "count", len(w.d.Checks)-MaxChecks))
			break
		}
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
}

// ratings writes how the units rated their progress, naming the units of
// every option but the first (the best).
func (w *writer) ratings() {
	for _, r := range w.d.Ratings {
		if r.Rated() == 0 {
			continue
		}
		w.heading("digest.rating", "label", r.Label.In(w.lang()), "rated", r.Rated(), "reported", w.d.Reported,
			"units", w.unitWord())
		for i, c := range r.Choices {
			label := c.Label.In(w.lang())
			if i == 0 || len(c.Units) == 0 {
				w.line(w.p.T("digest.rating_line", "choice", label, "count", len(c.Units)))
				continue
			}
			names := make([]string, len(c.Units))
			for j, code := range c.Units {
				names[j] = w.unitName(code)
			}
			w.line(w.p.T("digest.rating_units", "choice", label, "count", len(c.Units), "names", strings.Join(names, ", ")))
		}
		if r.Unrated > 0 {
			w.line(w.p.T("digest.rating_none", "count", r.Unrated))
		}
	}
}
