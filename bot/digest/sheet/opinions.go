package sheet

import (
	"fmt"
	"strings"
	"time"
)

// The columns of the sheet of ratings and opinions.
const (
	opNo = 1 + iota
	opA  // the choice; the unit of a note
	opB  // how many units; the date of a note
	opC  // the units; the question of a note
	opD  // the answer of a note
)

// opinions writes the sheet of the progress ratings (how many units chose
// each option, and which) and of the difficulties and proposals quoted
// from the period's reports (the answers that mean nothing to report are
// left out, as in the text).
func (b *book) opinions(name string) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("sheet: %s: %w", name, err)
	}
	if err := pageSetup(b.f, name, ""); err != nil {
		return fmt.Errorf("sheet: %s: page: %w", name, err)
	}
	w, err := newStream(b.f, name) // a unit list and a note per unit: streamed
	if err != nil {
		return err
	}
	w.width(opNo, opNo, 6)
	w.width(opA, opA, widthUnit)
	w.width(opB, opB, 12)
	w.width(opC, opC, widthQuestion)
	w.width(opD, opD, widthAnswer)
	st, lang := b.st, b.p.Lang()
	b.heading(w, b.p.T("sheet.opinions_title"))
	names := map[string]string{}
	for _, u := range b.d.Units {
		names[u.Code] = u.Name.In(lang)
	}
	r := 5
	for _, rt := range b.d.Ratings {
		w.set(opNo, r, b.p.T("sheet.rating", "label", rt.Label.In(lang)), st.bold)
		r++
		for i, key := range []string{"sheet.col.no", "sheet.col.choice", "sheet.col.count", "sheet.col.units"} {
			w.set(opNo+i, r, b.p.T(key), st.head)
		}
		w.style(opD, r, opD, r, st.head)
		w.merge(opC, r, opD, r)
		r++
		for i, c := range rt.Choices {
			var units []string
			for _, code := range c.Units {
				units = append(units, names[code])
			}
			b.ratingRow(w, r, fmt.Sprint(i+1), c.Label.In(lang), len(c.Units), strings.Join(units, ", "))
			r++
		}
		b.ratingRow(w, r, "", b.p.T("sheet.unrated"), rt.Unrated, "")
		r += 2
	}
	w.set(opNo, r, b.p.T("sheet.notes"), st.bold)
	r++
	for i, key := range []string{"sheet.col.no", "sheet.col.unit", "sheet.col.date", "sheet.col.question", "sheet.col.answer"} {
		w.set(opNo+i, r, b.p.T(key), st.head)
	}
	r++
	if len(b.d.Notes) == 0 {
		w.set(opNo, r, b.p.T("sheet.notes_none"), st.note)
		w.merge(opNo, r, opD, r)
		w.height(r, 32)
	}
	for i, n := range b.d.Notes {
		w.set(opNo, r, i+1, st.center)
		w.set(opA, r, names[n.Unit], st.text)
		at := n.At.In(b.d.Period.Start.Location())
		w.set(opB, r, time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC), st.date)
		label := n.Label.In(lang)
		w.set(opC, r, label, st.text)
		w.set(opD, r, n.Text, st.text)
		w.fitRow(r, []string{names[n.Unit], label, n.Text}, []float64{widthUnit, widthQuestion, widthAnswer})
		w.flush(r)
		r++
	}
	return w.close()
}

// Widths of the opinions' text columns, in characters.
const (
	widthQuestion = 24
	widthAnswer   = 70
)

// ratingRow writes one option of a rating: its label, how many units
// chose it and their names (over the question and answer columns).
func (b *book) ratingRow(w *stream, r int, no, label string, n int, units string) {
	st := b.st
	w.set(opNo, r, no, st.center)
	w.set(opA, r, label, st.text)
	w.set(opB, r, n, st.integer)
	w.set(opC, r, units, st.text)
	w.style(opD, r, opD, r, st.text)
	w.merge(opC, r, opD, r)
	w.fitRow(r, []string{label, units}, []float64{widthUnit, widthQuestion + widthAnswer})
}
