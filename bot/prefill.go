package bot

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"fieldbot/i18n"
)

// Last period's figures (issue 11 item 2). A unit reported before offers its
// previous values: each question has a "keep as last period" button (and
// /giunguyen, or "như kỳ trước" typed), and a unit named at once
// (/baocao 2, a reminder's button) opens the review pre-filled with them,
// each marked as carried and not yet confirmed, so an unchanged week is one
// confirm. A carried value is checked against the form as it is now, with
// the guided flow's own rules, and one that fails is not carried: it is
// asked.

// previous is the unit's latest report of a period before the session's,
// or nil when there is none.
func (t *turn) previous() (*Report, error) {
	prev, err := t.tx.PreviousReport(t.sess.Unit, t.sess.Period)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("bot: previous report: %w", err)
	}
	return prev, nil
}

// carriable reports whether a field's previous answer may stand for this
// period's: a photo shows this week's work, so it is never carried.
func carriable(f *Field) bool {
	switch f.Type {
	case FieldInteger, FieldDecimal, FieldMoney, FieldPercent, FieldText, FieldSelect, FieldYesNo, FieldDate:
		return true
	}
	return false
}

// previousValue is prev's answer to f, if it may be carried and passes the
// checks a typed answer to f passes today (the form may have changed since).
func (v view) previousValue(f *Field, prev *Report) (Value, bool) {
	pv, ok := prev.value(f.ID)
	if !ok || !carriable(f) || v.recheck(f, pv) != nil {
		return Value{}, false
	}
	return pv, true
}

// recheck applies to a stored value the checks parseAnswer applies to a
// typed one.
func (v view) recheck(f *Field, val Value) error {
	switch f.Type {
	case FieldSelect, FieldYesNo:
		for _, id := range f.choiceIDs() {
			if id == val.Text {
				return nil
			}
		}
		return i18n.Errorf("choose.range", "max", len(f.choiceIDs()))
	case FieldText:
		_, err := parseText(f, val.Text)
		return err
	case FieldDate:
		_, err := time.Parse(time.DateOnly, val.Text)
		return err
	}
	n := val.Num
	if math.Abs(n) > maxExact || f.Type == FieldMoney && math.Abs(n)*f.scale() > maxMoney {
		return i18n.Errorf("answer.implausible", "value", v.formatNumber(f, n))
	}
	if f.Type == FieldInteger && n != math.Trunc(n) {
		return i18n.Errorf("answer.not_number")
	}
	return v.checkRange(f, n)
}

// openUnit begins the period's first report on the chosen unit: question by
// question, or, when the unit was named at once and has a previous report,
// the review pre-filled with its figures.
func (t *turn) openUnit() error {
	if !t.prefill {
		return t.advanceFrom(-1)
	}
	prev, err := t.previous()
	if err != nil || prev == nil {
		if err != nil {
			return err
		}
		return t.advanceFrom(-1)
	}
	if t.carry(prev) == 0 {
		return t.advanceFrom(-1)
	}
	return t.review()
}

// carry copies prev's carriable answers to the applicable fields into the
// session, marked as not yet confirmed, and returns how many it copied.
func (t *turn) carry(prev *Report) int {
	s, v := t.sess, t.view()
	n := 0
	for _, fi := range t.applicable() {
		f := &t.e.cfg.Form.Fields[fi]
		pv, ok := v.previousValue(f, prev)
		if !ok {
			continue
		}
		if s.Carried == nil {
			s.Carried = map[string]bool{}
		}
		s.Answers[f.ID], s.Carried[f.ID] = pv, true
		n++
	}
	s.CarriedFrom, s.CarriedAt = prev.Period, prev.At
	return n
}

// keepPrevious is, for a question with no answer yet, the line and button
// offering the previous report's answer: "Giữ như kỳ trước: 15 hộ", or for
// a text "Như kỳ trước" under the text itself.
func (t *turn) keepPrevious(f *Field) (line string, b Button, ok bool, err error) {
	prev, err := t.previous()
	if err != nil || prev == nil {
		return "", Button{}, false, err
	}
	v := t.view()
	pv, ok := v.previousValue(f, prev)
	if !ok {
		return "", Button{}, false, nil
	}
	b = t.navButton(cmdKeep)
	if f.Type == FieldText {
		b.Label = t.p.T("button.keep_previous_text")
		line = t.p.T("field.previous_text", "value", pv.Text, "date", t.p.Date(prev.At.In(v.loc)))
	} else {
		b.Label = t.p.T("button.keep_previous", "value", v.formatValue(f, pv))
	}
	return line, b, true, nil
}

// keepPreviousAnswer answers f with the previous report's answer, when
// there is one to keep.
func (t *turn) keepPreviousAnswer(f *Field) (bool, error) {
	prev, err := t.previous()
	if err != nil || prev == nil {
		return false, err
	}
	pv, ok := t.view().previousValue(f, prev)
	if ok {
		t.sess.Answers[f.ID] = pv
	}
	return ok, nil
}

// carriedNote is what the review adds after an answer: for a running total
// equal to the previous report's (carried or typed) "không đổi so với kỳ
// trước", so a cumulative figure is never copied silently; for any other
// carried answer "như kỳ trước"; and "chưa xác nhận" while it is carried and
// not yet looked at.
func (t *turn) carriedNote(f *Field, prev *Report) string {
	val, ok := t.sess.Answers[f.ID]
	if !ok {
		return ""
	}
	var notes []string
	if pv, had := prev.value(f.ID); had && f.Cumulative && f.Type.Numeric() && pv.Num == val.Num {
		notes = append(notes, t.p.T("review.unchanged_total"))
	}
	if t.sess.Carried[f.ID] {
		if len(notes) == 0 {
			notes = append(notes, t.p.T("review.as_previous"))
		}
		notes = append(notes, t.p.T("review.not_confirmed"))
	}
	if len(notes) == 0 {
		return ""
	}
	return " — " + strings.Join(notes, ", ")
}

// carriedHeader is the review's line saying which report the figures were
// copied from and that they are not yet confirmed, while any carried answer
// is on screen (the report named even when the period moved on since).
func (t *turn) carriedHeader() (string, error) {
	s := t.sess
	if !t.anyCarried() || s.CarriedFrom == "" {
		return "", nil
	}
	p, err := t.e.cfg.Period.ParsePeriod(s.CarriedFrom, t.e.cfg.Area.Location)
	if err != nil {
		return "", fmt.Errorf("bot: period carried from: %w", err)
	}
	v := t.view()
	return t.p.T("review.prefilled", "period", v.periodLabel(p), "time", v.dateTime(s.CarriedAt)), nil
}

// anyCarried reports whether an answer carried from the previous report
// still awaits confirmation.
func (t *turn) anyCarried() bool {
	for id := range t.sess.Carried {
		if _, ok := t.sess.Answers[id]; ok {
			return true
		}
	}
	return false
}
