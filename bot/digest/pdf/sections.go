package pdf

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// slowest is how many units the report names as furthest behind on
// disbursement.
const slowest = 5

// figure columns: STT, content, measure, value, plan or target, rate,
// change since the previous period (millimetres; they add up to textW).
var figureCols = []column{{12, "C"}, {53, "L"}, {23, "C"}, {21, "R"}, {21, "R"}, {15, "R"}, {20, "R"}}

// results writes part I: how many units reported, and the table of the
// district's figures.
func (r *report) results() {
	r.part("pdf.results")
	r.body(r.p.T("pdf.completeness", "done", r.d.Reported, "total", len(r.d.Units), "units", r.unitWord()))
	r.pg.f.Ln(1)
	t := &table{pg: r.pg, cols: figureCols}
	for _, key := range []string{"pdf.col.no", "pdf.col.content", "pdf.col.measure", "pdf.col.value",
		"pdf.col.target", "pdf.col.percent", "pdf.col.change"} {
		t.head = append(t.head, r.p.T(key))
	}
	t.header()
	no := 0
	partial := false
	for _, tot := range r.d.Headline {
		no++
		partial = r.figureRow(t, fmt.Sprint(no), tot, "B") || partial
	}
	for _, it := range r.d.Items {
		no++
		t.row([]string{fmt.Sprint(no), it.Label.In(r.lang())}, "B", len(figureCols)-1)
		for _, tot := range it.Fields {
			partial = r.figureRow(t, "", tot, "") || partial
		}
	}
	if partial {
		r.pg.f.Ln(1)
		r.pg.font("I", smallPt)
		r.pg.para(r.p.T("pdf.covers_note"), 0, 5.5, "J")
	}
}

// figureRow writes one total; it reports whether the total leaves out
// units without figures.
func (r *report) figureRow(t *table, no string, tot digest.Total, style string) bool {
	label := tot.Label.In(r.lang())
	partial := tot.Covered > 0 && tot.Covered < tot.Units
	if partial {
		label += " " + r.p.T("pdf.covers", "covered", tot.Covered, "total", tot.Units)
	}
	word := r.p.UnitWord(tot.Unit.In(r.lang()), tot.Value)
	cells := []string{no, label, word, r.num(tot.Type, tot.Value), "", "", r.change(tot)}
	if tot.Units > 0 && tot.Covered == 0 {
		cells[3], cells[6] = r.p.T("pdf.no_data"), ""
	}
	if tot.Target > 0 {
		cells[4] = r.num(tot.Type, tot.Target)
		if tot.Covered > 0 || tot.Units == 0 {
			cells[5] = r.p.Percent(tot.Percent())
		}
	}
	t.row(cells, style, 1)
	return partial
}

// num writes a figure as the digest text does (digest.Figure).
func (r *report) num(typ bot.FieldType, v float64) string { return digest.Figure(r.p, typ, v) }

// change is the signed change since the previous period, "–" when nothing
// was known then.
func (r *report) change(t digest.Total) string {
	if !t.PrevKnown {
		return "–"
	}
	diff := t.Value - t.Prev
	switch {
	case math.Abs(diff) < 1e-9:
		return "0"
	case diff > 0:
		return "+" + r.num(t.Type, diff)
	}
	return "-" + r.num(t.Type, -diff)
}

// followUp writes part II: the units that did not report, those that
// reported late, those furthest behind on disbursement, and those that rated themselves at the worst
// level of a rating.
func (r *report) followUp() {
	r.part("pdf.follow_up")
	lang := r.lang()
	letter := 'a'
	sub := func(s string) { // a lettered list: "a) …", "b) …"
		r.sub(string(letter) + ") " + s)
		letter++
	}
	var missing []digest.UnitRow
	for _, u := range r.d.Units {
		if !u.Reported {
			missing = append(missing, u)
		}
	}
	if len(missing) == 0 {
		r.body(r.p.T("pdf.all_reported", "total", len(r.d.Units), "units", r.unitWord()))
	} else {
		sub(r.p.T("pdf.missing", "n", len(missing), "total", len(r.d.Units)))
		for _, u := range missing {
			who := strings.Join(u.Members, ", ")
			if who == "" {
				who = r.p.T("pdf.nobody")
			}
			fresh := r.p.T("pdf.no_data")
			if u.HasData {
				fresh = r.p.T("pdf.last_data", "date", r.p.Date(u.AsOf.In(r.loc)))
			}
			r.item(r.p.T("pdf.missing_line", "unit", u.Name.In(lang), "members", who, "fresh", fresh))
		}
	}
	if late := lateUnits(r.d.Units); len(late) > 0 {
		sub(r.p.T("pdf.late", "n", len(late), "total", r.d.Reported))
		for _, u := range late {
			r.item(r.p.T("pdf.late_line", "unit", u.Name.In(lang), "member", u.Member, "date", r.p.Date(u.AsOf.In(r.loc))))
		}
	}
	if slow := lowestRates(r.d.Units); len(slow) >= 2 { // one unit with figures is no ranking
		sub(r.p.T("pdf.slowest"))
		for _, u := range slow {
			r.item(r.p.T("pdf.rate_line", "unit", u.Name.In(lang), "pct", r.p.Percent(u.DisbursementRate)))
		}
	}
	names := map[string]string{}
	for _, u := range r.d.Units {
		names[u.Code] = u.Name.In(lang)
	}
	for _, rt := range r.d.Ratings {
		if rt.Rated() == 0 {
			continue
		}
		var counts []string
		for _, c := range rt.Choices {
			counts = append(counts, r.p.T("pdf.rating_count", "n", len(c.Units), "choice", lowerFirst(c.Label.In(lang))))
		}
		sub(r.p.T("pdf.rating", "label", rt.Label.In(lang), "rated", rt.Rated(), "counts", strings.Join(counts, "; ")))
		if len(rt.Choices) < 2 {
			continue
		}
		worst := rt.Choices[len(rt.Choices)-1]
		for _, code := range worst.Units {
			r.item(r.p.T("pdf.rating_line", "unit", names[code], "choice", lowerFirst(worst.Label.In(lang))))
		}
	}
}

// lateUnits are the units whose report of the period was filed late
// (bot.Report.Late), in the configuration's order; a silent unit's older
// report does not count, as in the digest's count.
func lateUnits(units []digest.UnitRow) []digest.UnitRow {
	var out []digest.UnitRow
	for _, u := range units {
		if u.Reported && u.Late {
			out = append(out, u)
		}
	}
	return out
}

// lowestRates are up to slowest units with a disbursement rate, lowest
// first; equal rates keep the configuration's order. Units without figures
// have no rate and are not ranked.
func lowestRates(units []digest.UnitRow) []digest.UnitRow {
	var out []digest.UnitRow
	for _, u := range units {
		if u.DisbursementRate >= 0 {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DisbursementRate < out[j].DisbursementRate })
	return out[:min(len(out), slowest)]
}

// notes writes part III: the difficulties and proposals quoted from this
// period's reports, grouped by question (the digest has left out the
// answers that mean there is nothing to report).
func (r *report) notes() {
	r.part("pdf.notes")
	if len(r.d.Notes) == 0 {
		r.body(r.p.T("pdf.notes_none"))
		return
	}
	names := map[string]string{}
	for _, u := range r.d.Units {
		names[u.Code] = u.Name.In(r.lang())
	}
	var order []string
	byField := map[string][]digest.Note{}
	for _, n := range r.d.Notes {
		if _, ok := byField[n.Field]; !ok {
			order = append(order, n.Field)
		}
		byField[n.Field] = append(byField[n.Field], n)
	}
	for i, field := range order {
		ns := byField[field]
		r.sub(fmt.Sprintf("%d. %s:", i+1, ns[0].Label.In(r.lang())))
		for _, n := range ns {
			r.item(r.p.T("pdf.note_line", "unit", names[n.Unit], "date", r.p.DayMonth(n.At.In(r.loc)), "text", n.Text))
		}
	}
}
