package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fieldbot/i18n"
)

// startReport opens a report conversation: first, which unit.
func (t *turn) startReport() error {
	if !t.member.Can(ActReport) {
		t.say(t.p.T("report.no_units"))
		return nil
	}
	if t.inProgress() {
		return nil
	}
	t.sess = &Session{Chat: t.u.Chat, Member: t.member.ID, User: t.u.UserID, Step: StepPickUnit, Period: t.reportPeriod().Key}
	if t.want != nil { // an earlier period: nothing to do there when every unit is locked
		if done, err := t.allLocked(); done || err != nil {
			return err
		}
	}
	if len(t.member.Units) == 1 { // nothing to choose, unless an earlier period is open too
		if t.want == nil {
			offers, err := t.pastOffers()
			if err != nil || len(offers) > 0 {
				return errors.Join(err, t.askUnit())
			}
		}
		if t.want != nil { // no list to name the earlier period: a line of its own
			t.sayPeriod(*t.want, t.member.Units[0])
		}
		return t.pickUnit(input{kind: inChoice, n: 1})
	}
	return t.askUnit()
}

// reportUnit starts a report directly on the member's n-th unit (a
// reminder's button).
func (t *turn) reportUnit(n string) error {
	i, err := strconv.Atoi(n)
	if err != nil { // forged or garbled: stale, like any unknown button
		t.say(t.p.T("button.stale"))
		if t.sess != nil {
			t.reask()
		}
		return nil
	}
	if t.resumeDraft(n) { // the reminder's "go on" button for the open draft
		return nil
	}
	t.prefill = true // the unit is named: a first report may open pre-filled
	if err := t.startReport(); err != nil || t.sess == nil || t.sess.Unit != "" {
		return err
	}
	t.replies = t.replies[:0] // the unit list is not needed: the unit is chosen
	if t.want != nil && i >= 1 && i <= len(t.member.Units) {
		t.sayPeriod(*t.want, t.member.Units[i-1])
	}
	return t.pickUnit(input{kind: inChoice, n: i})
}

// inProgress reports whether a report with a chosen unit is open; if so it
// says how to go on or cancel and asks the open question again, so nothing
// typed so far is thrown away by a second /baocao or a reminder's button.
func (t *turn) inProgress() bool {
	if t.sess == nil || t.sess.Unit == "" {
		return false
	}
	t.say(t.p.T("report.in_progress", "unit", t.view().unitName(t.sess.Unit)))
	t.reask()
	return true
}

// askUnit lists the member's units, each marked reported or pending.
func (t *turn) askUnit() error {
	s := t.sess
	s.Step, s.Unit, s.Answers, s.Trail, s.Base, s.Editing, s.Carried = StepPickUnit, "", nil, nil, 0, false, nil
	s.newNonce()
	p, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
	if err != nil {
		return err
	}
	v := t.view()
	past := p.Key != t.period().Key
	var bs []Button
	for i, code := range t.member.Units {
		a, reported, err := t.unitAccess(code)
		if err != nil {
			return err
		}
		mark := "⏳ "
		switch {
		case past && !a.writable():
			mark = "🔒 "
		case reported:
			mark = "✅ "
		}
		bs = append(bs, Button{Number: i + 1, Label: mark + v.unitName(code), Data: s.payload(strconv.Itoa(i + 1))})
	}
	text := t.p.T("report.pick_unit", "period", v.periodLabel(p))
	if past {
		if note := t.periodNote(p, true); note != "" {
			text += "\n" + note
		}
	} else if s.Quick == "" {
		offers, err := t.pastOffers()
		if err != nil {
			return err
		}
		bs = append(bs, offers...)
	}
	bs = append(bs, t.navButton(cmdCancel))
	t.say(text, bs...)
	return nil
}

// allLocked ends a report opened on an earlier period whose every unit of
// the member's is locked, saying so; it reports whether it did.
func (t *turn) allLocked() (bool, error) {
	var first string
	firstReported := false
	for _, code := range t.member.Units {
		a, reported, err := t.unitAccess(code)
		if err != nil || a.writable() {
			return false, err
		}
		if first == "" {
			first, firstReported = code, reported
		}
	}
	if first == "" {
		return false, nil
	}
	p := t.reportPeriod()
	if len(t.member.Units) == 1 {
		t.say(t.reportLockedText(p, first, firstReported))
	} else {
		t.say(t.p.T("report.period_locked", "period", t.view().periodLabel(p)))
	}
	t.sess = nil
	return true, nil
}

// pickUnit takes the member's choice of unit.
func (t *turn) pickUnit(in input) error {
	if in.kind != inText && in.kind != inChoice { // back, skip, confirm…: nothing before this step
		t.say(t.p.T("report.pick_unit_first"))
		return t.askUnit()
	}
	n, ok := in.choice()
	if !ok && in.kind == inText {
		n, ok = t.view().unitByName(t.member.Units, in.text) // "Ngọc Phái", "ngoc phai": where choices are typed
	}
	if !ok && in.kind == inText { // "TT Bằng Lũng", "bang-lung": the name or code in any form
		if c, _, found := t.unitChoice(in.text); found {
			n, ok = c, true
		}
	}
	if !ok && in.kind == inText { // a quick entry pasted instead of a choice
		if done, err := t.quickEntry(in.text, false); done || err != nil {
			return err
		}
	}
	if !ok || n < 1 || n > len(t.member.Units) {
		t.say(t.p.T("choose.range", "max", len(t.member.Units)))
		return t.askUnit()
	}
	s := t.sess
	if s.Quick != "" { // a quick entry was waiting for its unit
		return t.quickForUnit(t.member.Units[n-1])
	}
	if a, reported, err := t.unitAccess(t.member.Units[n-1]); err != nil {
		return err
	} else if !a.writable() {
		p, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
		if err != nil {
			return err
		}
		t.say(t.reportLockedText(p, t.member.Units[n-1], reported))
		if len(t.member.Units) == 1 {
			t.sess = nil
			return nil
		}
		return t.askUnit()
	}
	s.Unit, s.Answers = t.member.Units[n-1], map[string]Value{}
	latest, err := t.tx.LatestReport(s.Period, s.Unit)
	switch {
	case errors.Is(err, ErrNotFound):
		return t.openUnit()
	case err != nil:
		return fmt.Errorf("bot: load report: %w", err)
	}
	for k, v := range latest.Values {
		s.Answers[k] = v
	}
	s.Base = latest.Seq
	return t.review()
}

// applicable lists the indexes of the form fields asked of the session's unit.
func (t *turn) applicable() []int { return t.applicableTo(t.sess.Unit) }

// applicableTo lists the indexes of the form fields asked of unit.
func (t *turn) applicableTo(unit string) []int {
	u, _ := t.e.cfg.Unit(unit)
	var out []int
	for i, f := range t.e.cfg.Form.Fields {
		if f.OnlyWithTarget && (u == nil || u.Targets[f.ID] == 0) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// advanceFrom asks the next applicable field after index from, or reviews.
func (t *turn) advanceFrom(from int) error {
	for _, i := range t.applicable() {
		if i > from {
			t.sess.Step, t.sess.Field = StepField, i
			return t.askField()
		}
	}
	return t.review()
}

// answer handles input to the current question.
func (t *turn) answer(in input) error {
	s, v := t.sess, t.view()
	f := &t.e.cfg.Form.Fields[s.Field]
	if f.Type == FieldPhoto {
		if done, err := t.photoInput(f, in); done {
			return err
		}
	}
	switch in.kind {
	case inBack:
		return t.back()
	case inSkip:
		if f.Required {
			t.say(t.p.T("field.required"))
			return t.askField()
		}
		delete(s.Answers, f.ID)
		return t.next()
	case inKeep:
		if _, ok := s.Answers[f.ID]; ok {
			return t.next()
		}
		kept, err := t.keepPreviousAnswer(f) // last period's answer
		if err != nil {
			return err
		}
		if !kept {
			t.say(t.p.T("field.nothing_to_keep"))
			return t.askField()
		}
		return t.next()
	case inConfirm, inEdit:
		t.say(t.p.T("field.answer_first"))
		return t.askField()
	case inChoice:
		if len(v.choiceLabels(f)) == 0 { // no such button on this question
			t.say(t.p.T("button.stale"))
			return t.askField()
		}
	}
	val, err := v.parseAnswer(f, in)
	if err != nil {
		msg := t.refusal(f, err)
		t.say(msg)
		// One example: when the refusal gives one, the question asked again
		// below it leaves its help (and the help's example) out.
		t.refused = strings.Contains(strings.ToLower(msg), t.p.T("answer.example_mark"))
		return t.askField()
	}
	s.Answers[f.ID] = val
	from := len(t.replies)
	err = t.next()
	if note := t.readAs(f, in, val); note != "" {
		t.lead(from, note) // at the head of the next question: one message
	}
	return err
}

// refusal is the reply to a refused answer: the reason, then the field
// type's example, unless the reason or the question asked again below it
// already gives one (so "Ví dụ" is read once).
func (t *turn) refusal(f *Field, err error) string {
	msg := UserMessage(t.p, err)
	word := strings.ToLower(t.p.T("answer.example_word"))
	if strings.Contains(strings.ToLower(msg), word) || strings.Contains(strings.ToLower(f.Help.In(t.p.Lang())), word) {
		return msg
	}
	return msg + "\n" + t.view().example(f)
}

// next moves on after an answered or skipped question.
func (t *turn) next() error {
	s := t.sess
	delete(s.Carried, t.e.cfg.Form.Fields[s.Field].ID) // looked at: no longer only carried
	if s.Editing {
		s.Editing = false
		if t.popFix() { // the next answer a quick entry left wrong or missing
			return t.askField()
		}
		return t.review()
	}
	s.Trail = append(s.Trail, s.Field)
	return t.advanceFrom(s.Field)
}

// back returns to the previous question, the review, or the unit choice.
func (t *turn) back() error {
	s := t.sess
	if s.Editing {
		s.Editing = false
		return t.review()
	}
	if len(s.Trail) == 0 {
		return t.askUnit()
	}
	s.Field, s.Trail = s.Trail[len(s.Trail)-1], s.Trail[:len(s.Trail)-1]
	s.Step = StepField
	return t.askField()
}

// askField renders the current question.
func (t *turn) askField() error {
	s, v := t.sess, t.view()
	s.newNonce()
	f := &t.e.cfg.Form.Fields[s.Field]
	s.FieldID = f.ID // so a changed form can be told on the next load
	if f.Type == FieldPhoto {
		s.Collect = "" // asked (again): the next photo starts its answer afresh
	}
	lang := t.p.Lang()
	idx := t.applicable()
	pos := 0
	for i, x := range idx {
		if x == s.Field {
			pos = i + 1
		}
	}
	lines := []string{
		t.p.T("field.header", "n", pos, "total", len(idx), "unit", v.unitName(s.Unit)),
		f.Label.In(lang),
	}
	if tgt, ok := v.target(s.Unit, f); ok {
		key := "field.target" // households, works: a target (chỉ tiêu)
		if f.Type == FieldMoney {
			key = "field.plan" // money: a funding plan (kế hoạch vốn)
		}
		lines = append(lines, t.p.T(key, "target", v.formatNumber(f, tgt)))
	}
	if f.Cumulative {
		if prev, err := t.tx.PreviousReport(s.Unit, s.Period); err == nil {
			if pv, ok := prev.Values[f.ID]; ok {
				lines = append(lines, t.p.T("field.previous", "value", v.formatValue(f, pv), "date", t.p.Date(prev.At.In(v.loc))))
			}
		} else if !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("bot: previous report: %w", err)
		}
	}
	if h := t.fieldHelp(f); h != "" {
		lines = append(lines, h)
	}
	if how := "field.photo_how." + t.u.Chat.Channel; f.Type == FieldPhoto && i18n.Has(lang, how) {
		lines = append(lines, t.p.T(how)) // how this channel attaches one: "/anh PATH" on the console
	}
	if how := "field.location_how." + t.u.Chat.Channel; f.Type == FieldLocation && !t.refused && i18n.Has(lang, how) {
		lines = append(lines, t.p.T(how))
	}
	var bs []Button
	for i, label := range v.choiceLabels(f) {
		bs = append(bs, Button{Number: i + 1, Label: label, Data: s.payload(strconv.Itoa(i + 1))})
	}
	if cur, ok := s.Answers[f.ID]; ok {
		lines = append(lines, t.p.T("field.current", "value", v.formatValue(f, cur)))
		bs = append(bs, t.navButton(cmdKeep))
	} else if line, b, ok, err := t.keepPrevious(f); err != nil {
		return err
	} else if ok { // last period's answer, one press away
		if line != "" {
			lines = append(lines, line)
		}
		bs = append(bs, b)
	}
	bs = append(bs, t.navButton(cmdBack))
	if !f.Required {
		bs = append(bs, t.navButton(cmdSkip))
	}
	bs = append(bs, t.navButton(cmdCancel))
	t.say(strings.Join(lines, "\n"), bs...)
	return nil
}

// unitByName finds the one of units whose name (in any language, without
// accents, with or without "Xã"/"Thị trấn") holds what was typed, when
// exactly one does; it returns its choice number.
func (v view) unitByName(units []string, typed string) (int, bool) {
	want := i18n.Fold(strings.TrimSpace(typed))
	if len(want) < 3 {
		return 0, false
	}
	found := 0
	for i, code := range units {
		u, ok := v.cfg.Unit(code)
		if !ok {
			continue
		}
		for _, name := range u.Name {
			if strings.Contains(i18n.Fold(name), want) {
				if found != 0 && found != i+1 {
					return 0, false // two units match: ask by number
				}
				found = i + 1
			}
		}
	}
	return found, found != 0
}
