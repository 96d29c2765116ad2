package digest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// Laggards is how many units the digest names as furthest behind.
const Laggards = 5

// Text renders the digest as a plain, scannable message in the shape of a
// Vietnamese weekly administrative report.
func Text(d *Digest, lang i18n.Lang, kind bot.PeriodKind) string {
	text, _ := TextWithin(d, lang, kind)
	return text
}

// TextWithin renders the text with the first of TextLimits that keeps it
// within MaxText (or the last, which keeps every list short), and returns
// the limits it used.
func TextWithin(d *Digest, lang i18n.Lang, kind bot.PeriodKind) (string, Limits) {
	var text string
	for _, lim := range TextLimits {
		text = render(d, lang, kind, lim)
		if bot.TextUnits(text) <= MaxText {
			return text, lim
		}
	}
	return text, TextLimits[len(TextLimits)-1]
}

// render writes the text with the lists cut at lim.
func render(d *Digest, lang i18n.Lang, kind bot.PeriodKind, lim Limits) string {
	w := &writer{p: i18n.For(lang), d: d, kind: kind, lim: lim}
	w.header()
	w.completeness()
	w.results()
	w.forecasts()
	w.checks()
	w.ratings()
	w.laggards()
	w.notes()
	w.unreachable()
	w.line("")
	w.line(w.p.T("digest.footer", "time", w.p.DateTime(d.Built.In(d.Period.Start.Location()))))
	return strings.TrimRight(w.b.String(), "\n")
}

type writer struct {
	p       *i18n.Printer
	d       *Digest
	kind    bot.PeriodKind
	lim     Limits
	b       strings.Builder
	section int
	names   map[string]string // unit names by code, made by unitName
}

func (w *writer) line(s string) { w.b.WriteString(s + "\n") }

// heading starts a numbered section.
func (w *writer) heading(key string, args ...any) {
	w.section++
	w.line("")
	w.line(fmt.Sprintf("%d. %s", w.section, w.p.T(key, args...)))
}

func (w *writer) lang() i18n.Lang { return w.p.Lang() }

// n writes a count the reader's way ("10.000").
func (w *writer) n(count int) string { return w.p.Int(int64(count)) }

func (w *writer) header() {
	p := w.d.Period
	label := w.p.T("digest.week", "week", isoWeek(p), "from", w.p.DayMonth(p.Start), "to", w.p.Date(p.LastDay()))
	if w.kind == bot.Monthly {
		label = w.p.T("digest.month", "month", p.Start.Format("01/2006"))
	}
	w.line(w.p.T("digest.title", "period", label))
	w.line(w.d.Program.In(w.lang()) + " — " + w.d.Area.In(w.lang()))
	if w.d.Demo {
		w.line(w.p.T("digest.demo"))
	}
}

func isoWeek(p bot.Period) int { _, wk := p.Start.ISOWeek(); return wk }

// unitWord names the units as a group: the configured word, or the
// catalog's neutral one.
func (w *writer) unitWord() string {
	if s := w.d.UnitWord.In(w.lang()); s != "" {
		return s
	}
	return w.p.T("digest.units_word")
}

// unitName is the name of the unit with code, from a table made once
// (the checks of ten thousand units name as many).
func (w *writer) unitName(code string) string {
	if w.names == nil {
		w.names = make(map[string]string, len(w.d.Units))
		for _, u := range w.d.Units {
			w.names[u.Code] = u.Name.In(w.lang())
		}
	}
	if n, ok := w.names[code]; ok {
		return n
	}
	return code
}

func (w *writer) completeness() {
	w.heading("digest.completeness", "done", w.n(w.d.Reported), "total", w.n(len(w.d.Units)), "units", w.unitWord())
	if w.d.Late > 0 {
		w.line(w.p.Plural("digest.late", w.d.Late))
	}
	if w.d.Approval && w.d.Reported > 0 {
		w.line(w.p.T("digest.approved", "approved", w.n(w.d.Approved), "filed", w.n(w.d.Reported)))
	}
	if w.d.Reported == len(w.d.Units) {
		return
	}
	w.line(w.p.T("digest.missing"))
	silent := make([]*UnitRow, 0, len(w.d.Units)-w.d.Reported)
	for i := range w.d.Units {
		if !w.d.Units[i].Reported {
			silent = append(silent, &w.d.Units[i])
		}
	}
	// The worst first: no figures at all, then the oldest figures.
	sort.SliceStable(silent, func(i, j int) bool {
		a, b := silent[i], silent[j]
		if a.HasData != b.HasData {
			return !a.HasData
		}
		return a.HasData && a.AsOf.Before(b.AsOf)
	})
	for _, u := range silent[:min(len(silent), w.lim.Missing)] {
		fresh := w.p.T("digest.no_data")
		if u.HasData {
			fresh = w.p.T("digest.last_data", "date", w.p.Date(u.AsOf.In(w.d.Period.Start.Location())))
		}
		who := strings.Join(u.Members, ", ")
		if who == "" {
			who = w.p.T("digest.nobody")
		}
		w.line(w.p.T("digest.missing_line", "unit", u.Name.In(w.lang()), "members", who, "fresh", fresh))
	}
	if more := len(silent) - w.lim.Missing; more > 0 {
		w.line(w.p.T("digest.missing_more", "count", w.n(more), "units", w.unitWord()))
	}
}

func (w *writer) results() {
	w.heading("digest.results")
	partial := false
	for _, t := range w.d.Headline {
		partial = partial || t.Covered < t.Units
		if t.Units > 0 && t.Covered == 0 {
			w.line("• " + w.p.T("digest.total_none", "label", t.Label.In(w.lang())))
			continue
		}
		w.line("• " + w.p.T("digest.headline", "label", t.Label.In(w.lang()), "value", w.num(t, t.Value),
			"target", w.num(t, t.Target), "unit", w.unit(t, t.Target), "pct", w.p.Percent(t.Percent()), "change", w.change(t)) + w.coverage(t))
	}
	for _, it := range w.d.Items {
		w.line("")
		w.line(it.Label.In(w.lang()))
		for _, t := range it.Fields {
			partial = partial || t.Covered < t.Units
			w.line("• " + w.total(t) + w.coverage(t))
		}
	}
	if partial {
		w.line("")
		w.line(w.p.T("digest.covers_note"))
	}
}

// total writes "label: value/target unit (pct)", or without target.
func (w *writer) total(t Total) string {
	label := t.Label.In(w.lang())
	if t.Units > 0 && t.Covered == 0 {
		return w.p.T("digest.total_none", "label", label)
	}
	if t.Target > 0 {
		return w.p.T("digest.total_target", "label", label, "value", w.num(t, t.Value), "target", w.num(t, t.Target),
			"unit", w.unit(t, t.Target), "pct", w.p.Percent(t.Percent()), "change", w.change(t))
	}
	return w.p.T("digest.total", "label", label, "value", w.num(t, t.Value), "unit", w.unit(t, t.Value), "change", w.change(t))
}

// coverage says, when some units concerned by t have no figures, how many
// the total is made of (a note under the results says the others count as 0).
func (w *writer) coverage(t Total) string {
	if t.Covered == 0 || t.Covered >= t.Units {
		return ""
	}
	return w.p.T("digest.covers", "covered", w.n(t.Covered), "total", w.n(t.Units), "units", w.unitWord())
}

// num writes a figure of t's field: integers whole, money with one decimal.
func (w *writer) num(t Total, v float64) string { return w.numOf(t.Type, v) }

// numOf writes a figure of a field of type typ.
func (w *writer) numOf(typ bot.FieldType, v float64) string { return Figure(w.p, typ, v) }

// Figure writes a figure of a field of type typ as every output of the
// digest does (text, PDF, web page): integers whole, money with one
// decimal, other numbers as they are, in p's language.
func Figure(p *i18n.Printer, typ bot.FieldType, v float64) string {
	switch typ {
	case bot.FieldInteger:
		return p.Int(int64(math.Round(v)))
	case bot.FieldMoney:
		return p.Num(v, 1)
	}
	return p.Auto(v)
}

func (w *writer) unit(t Total, v float64) string { return w.p.UnitWord(t.Unit.In(w.lang()), v) }

// change writes the difference with the previous period.
func (w *writer) change(t Total) string {
	diff := t.Value - t.Prev
	switch {
	case !t.PrevKnown:
		return w.p.T("digest.no_previous")
	case math.Abs(diff) < 1e-9:
		return w.p.T("digest.unchanged")
	case diff > 0:
		return w.p.T("digest.up", "diff", w.num(t, diff), "unit", w.unit(t, diff))
	}
	return w.p.T("digest.down", "diff", w.num(t, -diff), "unit", w.unit(t, -diff))
}

func (w *writer) laggards() {
	slow := ranked(w.d.Units, func(u *UnitRow) float64 { return u.DisbursementRate })
	behind := ranked(w.d.Units, func(u *UnitRow) float64 { return u.HeadlineRate })
	if len(slow) < 2 {
		slow = nil // one unit with figures is no ranking
	}
	if len(behind) < 2 {
		behind = nil
	}
	if len(slow) == 0 && len(behind) == 0 {
		return
	}
	w.heading("digest.laggards")
	if len(slow) > 0 {
		w.line(w.p.T("digest.slowest"))
		for _, u := range slow {
			w.line(w.p.T("digest.rate_line", "unit", u.Name.In(w.lang()), "pct", w.p.Percent(u.DisbursementRate)))
		}
	}
	if len(behind) > 0 && len(w.d.Headline) > 0 {
		h := w.d.Headline[0]
		w.line(w.p.T("digest.behind", "label", h.Label.In(w.lang())))
		for _, u := range behind {
			tgt := u.Targets[h.Field]
			w.line(w.p.T("digest.behind_line", "unit", u.Name.In(w.lang()), "value", w.num(h, u.Values[h.Field]),
				"target", w.num(h, tgt), "what", w.unit(h, tgt), "pct", w.p.Percent(u.HeadlineRate)))
		}
	}
}

// ranked returns up to Laggards units with the lowest rate (rate >= 0), in
// order; equal rates keep configuration order. It keeps a short sorted list
// instead of sorting every unit, since it only needs the first few.
func ranked(units []UnitRow, rate func(*UnitRow) float64) []*UnitRow {
	var out []*UnitRow
	for i := range units {
		u := &units[i]
		r := rate(u)
		if r < 0 || len(out) == Laggards && r >= rate(out[Laggards-1]) {
			continue
		}
		j := len(out)
		for j > 0 && rate(out[j-1]) > r {
			j--
		}
		out = slices.Insert(out, j, u)
		if len(out) > Laggards {
			out = out[:Laggards]
		}
	}
	return out
}

func (w *writer) notes() {
	if len(w.d.Notes) == 0 {
		return
	}
	w.heading("digest.notes")
	for i, n := range w.d.Notes {
		if i == w.lim.Notes {
			w.line(w.p.T("digest.notes_more", "count", w.n(len(w.d.Notes)-w.lim.Notes)))
			break
		}
		w.line(w.p.T("digest.note_line", "unit", w.unitName(n.Unit), "date", w.p.DayMonth(n.At.In(w.d.Period.Start.Location())),
			"label", n.Label.In(w.lang()), "text", clip(n.Text, w.lim.NoteRunes)))
	}
}

// clip cuts s to n runes, at a space when there is one in the last fifth,
// ending with "…".
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	cut := n - 1
	for i := cut; i > n*4/5; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;.") + "…"
}

func (w *writer) unreachable() {
	if len(w.d.Unreachable) == 0 {
		return
	}
	w.heading("digest.unreachable")
	for i, u := range w.d.Unreachable {
		if i == w.lim.Units {
			w.line(w.p.T("digest.unreachable_more", "count", w.n(len(w.d.Unreachable)-w.lim.Units)))
			break
		}
		w.line(w.p.T("digest.unreachable_line", "member", u.Member, "channel", bot.ChannelName(w.p, u.Channel),
			"reason", bot.ReasonText(w.p, u.Reason)))
	}
}
