package sheet

import (
	"fmt"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// The columns of the summary table.
const (
	sumLabel = 1 + iota
	sumMeasure
	sumValue
	sumTarget
	sumRatio
	sumPrev
	sumChange
)

// widthLabel is the width of the summary's first column, in characters.
const widthLabel = 60

// summary writes the first sheet: what the workbook is, then a table of
// completeness (with how many reports were late, when some were), the headline targets and each item's fields, whose values
// and plans are formulas over the totals of the unit sheets.
func (b *book) summary(name string, totals map[string]cellRefs) error {
	w := &writer{f: b.f, sheet: name}
	st, lang := b.st, b.p.Lang()
	w.set(1, 1, b.d.Program.In(lang)+" – "+b.period(), st.title)
	r := 3
	for _, kv := range [][2]string{
		{b.p.T("sheet.area"), b.d.Area.In(lang)},
		{b.p.T("sheet.program"), b.d.Program.In(lang)},
		{b.p.T("sheet.period"), b.period()},
		{b.p.T("sheet.built"), b.p.DateTime(b.d.Built.In(b.d.Period.Start.Location()))},
	} {
		w.set(sumLabel, r, kv[0], st.bold)
		w.set(sumMeasure, r, kv[1], st.plain)
		r++
	}
	if b.d.Demo {
		w.set(sumLabel, r, b.p.T("files.demo_note"), st.demo)
		r++
	}
	r++
	head := r
	for i, key := range []string{"sheet.col.indicator", "sheet.col.measure", "sheet.col.value", "sheet.col.target",
		"sheet.col.percent", "sheet.col.prev", "sheet.col.change"} {
		w.set(sumLabel+i, head, b.p.T(key), st.head)
	}
	r++
	w.set(sumLabel, r, b.p.T("sheet.reported_units"), st.label)
	w.set(sumMeasure, r, b.p.T("sheet.units_word"), st.center)
	w.set(sumValue, r, b.d.Reported, st.integer)
	w.set(sumTarget, r, len(b.d.Units), st.integer)
	w.formula(sumRatio, r, ratio(ref(sumValue, r), ref(sumTarget, r)), quotient(float64(b.d.Reported), float64(len(b.d.Units))), st.pct)
	w.style(sumPrev, r, sumChange, r, st.text)
	r++
	if b.d.Late > 0 { // as the digest's text says it: of the units that reported, how many late
		w.set(sumLabel, r, b.p.T("sheet.late_units"), st.label)
		w.set(sumMeasure, r, b.p.T("sheet.units_word"), st.center)
		w.set(sumValue, r, b.d.Late, st.integer)
		w.set(sumTarget, r, b.d.Reported, st.integer)
		w.formula(sumRatio, r, ratio(ref(sumValue, r), ref(sumTarget, r)), quotient(float64(b.d.Late), float64(b.d.Reported)), st.pct)
		w.style(sumPrev, r, sumChange, r, st.text)
		r++
	}
	for _, t := range b.d.Headline {
		b.summaryRow(w, r, t, totals[t.Field])
		r++
	}
	for _, it := range b.d.Items {
		w.set(sumLabel, r, it.Label.In(lang), st.section)
		w.fitRow(r, []string{it.Label.In(lang)}, []float64{widthLabel})
		w.style(sumMeasure, r, sumChange, r, st.section)
		r++
		for _, t := range it.Fields {
			b.summaryRow(w, r, t, totals[t.Field])
			r++
		}
	}
	w.width(sumLabel, sumLabel, widthLabel)
	w.width(sumMeasure, sumChange, 15)
	w.height(head, 32)
	w.freeze(sumLabel, head+1)
	w.print("")
	return w.err
}

// summaryRow writes one field's totals at row r: the value and plan taken
// from its unit sheet (or written as numbers when it has none), the rate,
// the previous period's value and the change.
func (b *book) summaryRow(w *writer, r int, t digest.Total, refs cellRefs) {
	st := b.st
	num, change := b.numStyle(t, false), st.changeMoney
	if t.Type == bot.FieldInteger {
		change = st.changeInt
	}
	w.set(sumLabel, r, t.Label.In(b.p.Lang()), st.label)
	w.fitRow(r, []string{t.Label.In(b.p.Lang())}, []float64{widthLabel})
	w.set(sumMeasure, r, b.unitWord(t, t.Value), st.center)
	value, target := t.Value, t.Target
	if refs.value != "" {
		value = refs.sum
		w.formula(sumValue, r, refs.value, value, num)
	} else {
		w.set(sumValue, r, value, num)
	}
	switch {
	case t.Target > 0 && refs.target != "":
		target = refs.plan
		w.formula(sumTarget, r, refs.target, target, num)
	case t.Target > 0:
		w.set(sumTarget, r, t.Target, num)
	default:
		w.style(sumTarget, r, sumTarget, r, num)
	}
	if t.Target > 0 {
		w.formula(sumRatio, r, ratio(ref(sumValue, r), ref(sumTarget, r)), quotient(value, target), st.pct)
	} else {
		w.style(sumRatio, r, sumRatio, r, st.pct)
	}
	w.set(sumPrev, r, t.Prev, num)
	w.formula(sumChange, r, fmt.Sprintf("%s-%s", ref(sumValue, r), ref(sumPrev, r)), rounded(value-t.Prev), change)
}
