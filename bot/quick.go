package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// quickCommand handles /bc: a quick entry, or, with nothing after it, the
// form's codes and template.
func (t *turn) quickCommand(arg string) error {
	if !t.member.Can(ActReport) {
		t.say(t.p.T("report.no_units"))
		return nil
	}
	if arg == "" {
		return t.quickForm("")
	}
	_, err := t.quickEntry(arg, true)
	return err
}

// quickEntry reads text as a quick entry and reports whether it was one.
// After /bc (explicit) it always is; a message sent as it is counts only
// when it holds a "label: value" line whose figure or choice reads, so a
// greeting or a question is never taken for a report. Every value is read
// by parseAnswer, as in the guided flow; nothing is saved here: the member
// sees the review, or is asked what could not be read, then confirms.
func (t *turn) quickEntry(text string, explicit bool) (bool, error) {
	if !explicit && !strings.Contains(text, ":") {
		return false, nil // no "label: value" line: reportLike would say no, after building the lexicon
	}
	msg := t.quickLex("").read(text)
	if !explicit && !t.reportLike(msg) {
		return false, nil
	}
	unit := ""
	if msg.unit != "" {
		if done, err := t.quickPastPeriod(msg.unit); done || err != nil {
			return true, err
		}
		code, other := t.quickUnit(msg.unit)
		switch {
		case code == "" && other != "":
			t.say(t.p.T("quick.unit_not_yours", "unit", t.view().unitName(other)))
			return true, nil
		case code == "":
			t.say(t.p.T("report.unit_unknown", "unit", msg.unit))
			return true, nil
		}
		unit = code
	}
	open := t.sess != nil && t.sess.Unit != ""
	if open && unit != "" && unit != t.sess.Unit { // another unit's report is open: it goes on
		t.say(t.p.T("report.in_progress", "unit", t.view().unitName(t.sess.Unit)))
		reaskOpen(t)
		return true, nil
	}
	if unit == "" && open {
		unit = t.sess.Unit
	}
	if unit == "" && len(t.member.Units) == 1 {
		unit = t.member.Units[0]
	}
	if unit != "" {
		msg = t.quickLex(unit).read(text) // labels of the fields this unit is asked
	}
	if !explicit && !t.reportLike(msg) {
		return false, nil
	}
	if !slices.ContainsFunc(msg.items, func(it quickItem) bool { return it.field >= 0 || len(it.matches) > 0 }) {
		if msg.unit != "" && len(msg.items) == 0 { // "/bc bản thi": how to write its report
			return true, t.quickForm(msg.unit)
		}
		t.say(t.p.T("quick.nothing"))
		return true, nil
	}
	if unit == "" { // several units and none named: ask, keeping the message
		t.sess = &Session{Chat: t.u.Chat, Member: t.member.ID, User: t.u.UserID, Step: StepPickUnit, Period: t.period().Key, Quick: text}
		return true, t.askUnit()
	}
	return true, t.applyQuick(unit, msg)
}

// reaskOpen is (*turn).reask, set in init: the step table refers to the
// quick entry (a list of lines pasted instead of choosing a unit), which
// refers back to the step table through reask.
var reaskOpen func(*turn)

func init() { reaskOpen = (*turn).reask }

// quickForUnit goes on with the quick entry kept while the unit was asked.
func (t *turn) quickForUnit(unit string) error {
	text := t.sess.Quick
	t.sess = nil
	return t.applyQuick(unit, t.quickLex(unit).read(text))
}

// quickLex is the lexicon for unit's fields (every field when unit is "");
// any configured unit, or the number of one of the member's, may lead.
func (t *turn) quickLex(unit string) quickLex {
	var idx []int
	if unit != "" {
		idx = t.applicableTo(unit)
	}
	return newQuickLex(&t.e.cfg.Form, idx, func(s string) bool {
		code, other := t.quickUnit(s)
		return code != "" || other != ""
	})
}

// quickUnit finds the unit typed: a number among the member's units, or a
// name or code in any form. It gives the member's unit, or else the other
// configured unit it names.
func (t *turn) quickUnit(typed string) (code, other string) {
	if n, err := strconv.Atoi(strings.TrimSpace(typed)); err == nil {
		if n >= 1 && n <= len(t.member.Units) {
			return t.member.Units[n-1], ""
		}
		return "", ""
	}
	n, other, ok := t.unitChoice(typed)
	if !ok {
		return "", other
	}
	return t.member.Units[n-1], ""
}

// reportLike reports whether a message sent without /bc holds a report: a
// "label: value" line of a figure, choice or date that reads.
func (t *turn) reportLike(msg quickMsg) bool {
	v := t.view()
	for _, it := range msg.items {
		if !it.colon || it.field < 0 {
			continue
		}
		f := &t.e.cfg.Form.Fields[it.field]
		if f.Type == FieldText || f.Type == FieldPhoto {
			continue
		}
		if _, err := v.parseAnswer(f, input{kind: inText, text: it.value}); err == nil {
			return true
		}
	}
	return false
}

// quickResult is what a quick entry gave: lines understood, lines not,
// and the fields to ask again.
type quickResult struct {
	got, bad []string
	fix      []string // field IDs, in form order
}

// applyQuick takes a quick entry's values into the unit's report (a
// correction when the unit has reported this period), then shows the
// review, or lists what could not be read and asks just those questions.
func (t *turn) applyQuick(unit string, msg quickMsg) error {
	if t.sess == nil || t.sess.Unit == "" {
		if err := t.openReport(unit); err != nil {
			return err
		}
	}
	s := t.sess
	s.Quick = ""
	res := t.quickValues(msg)
	var missing []string
	for _, i := range t.applicable() {
		f := &t.e.cfg.Form.Fields[i]
		if _, ok := s.Answers[f.ID]; f.Required && !ok && !slices.Contains(res.fix, f.ID) {
			res.fix = append(res.fix, f.ID)
			missing = append(missing, f.Label.In(t.p.Lang()))
		}
	}
	if len(res.bad) == 0 && len(res.fix) == 0 {
		return t.review()
	}
	lines := []string{t.p.T("quick.title", "unit", t.view().unitName(unit))}
	if len(res.got) > 0 {
		lines = append(lines, t.p.T("quick.understood"))
		lines = append(lines, res.got...)
	}
	if len(res.bad) > 0 {
		lines = append(lines, t.p.T("quick.not_read"))
		lines = append(lines, res.bad...)
	}
	if len(missing) > 0 {
		lines = append(lines, t.p.T("quick.missing", "fields", strings.Join(missing, "; ")))
	}
	form := &t.e.cfg.Form
	slices.SortFunc(res.fix, func(a, b string) int {
		_, i, _ := form.Field(a)
		_, j, _ := form.Field(b)
		return i - j
	})
	s.Fix = res.fix
	if !t.popFix() {
		t.say(strings.Join(lines, "\n"))
		return t.review()
	}
	lines = append(lines, t.p.T("quick.fixing"))
	t.say(strings.Join(lines, "\n"))
	return t.askField()
}

// openReport opens a report on unit as choosing it from the list does: a
// correction of the period's latest revision when there is one.
func (t *turn) openReport(unit string) error {
	s := &Session{Chat: t.u.Chat, Member: t.member.ID, User: t.u.UserID, Step: StepReview, Period: t.period().Key,
		Unit: unit, Answers: map[string]Value{}}
	s.newNonce()
	t.sess = s
	latest, err := t.tx.LatestReport(s.Period, unit)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("bot: load report: %w", err)
	}
	for k, v := range latest.Values {
		s.Answers[k] = v
	}
	s.Base = latest.Seq
	return nil
}

// quickValues reads each item's value with the guided flow's rules and
// keeps those that read.
func (t *turn) quickValues(msg quickMsg) quickResult {
	var res quickResult
	s, v, form := t.sess, t.view(), &t.e.cfg.Form
	asked := t.applicable()
	times := map[int]int{} // how many values each field is given
	for _, it := range msg.items {
		if it.field >= 0 && !(it.colon && it.value == "") {
			times[it.field]++
		}
	}
	seen := map[int]bool{}
	lang := t.p.Lang()
	for _, it := range msg.items {
		if it.field >= 0 && it.colon && it.value == "" {
			continue // a template line left blank
		}
		switch {
		case it.field < 0 && len(it.matches) > 0:
			res.bad = append(res.bad, "✗ "+t.p.T("quick.ambiguous", "key", it.key, "fields", t.quickNames(it.matches)))
			continue
		case it.field < 0:
			res.bad = append(res.bad, "✗ "+t.p.T("quick.unknown", "key", it.key))
			continue
		}
		f := &form.Fields[it.field]
		label := f.Label.In(lang)
		switch {
		case !slices.Contains(asked, it.field):
			res.bad = append(res.bad, "✗ "+t.p.T("quick.not_asked", "field", label, "unit", v.unitName(s.Unit)))
			continue
		case seen[it.field]:
			continue
		case times[it.field] > 1: // not guessed: listed once, and asked
			seen[it.field] = true
			res.bad = append(res.bad, "✗ "+t.p.T("quick.twice", "field", label))
			res.fix = append(res.fix, f.ID)
			continue
		}
		seen[it.field] = true
		val, err := v.parseAnswer(f, input{kind: inText, text: it.value})
		if err != nil {
			res.bad = append(res.bad, "✗ "+t.p.T("quick.bad", "field", label, "value", it.value, "reason", UserMessage(t.p, err)))
			res.fix = append(res.fix, f.ID)
			continue
		}
		s.Answers[f.ID] = val
		res.got = append(res.got, "✓ "+label+": "+v.formatValue(f, val))
	}
	return res
}

// quickNames names fields with their codes, for an ambiguous label.
func (t *turn) quickNames(fields []int) string {
	codes := t.e.cfg.Form.QuickCodes()
	var out []string
	for _, i := range fields {
		out = append(out, codes[i]+" ("+t.e.cfg.Form.Fields[i].Label.In(t.p.Lang())+")")
	}
	return strings.Join(out, "; ")
}

// popFix opens the next question a quick entry left wrong or missing, as an
// edit from the review (answering it goes on to the next, then the
// review); it reports whether there was one.
func (t *turn) popFix() bool {
	s := t.sess
	for len(s.Fix) > 0 {
		id := s.Fix[0]
		s.Fix = s.Fix[1:]
		if _, i, ok := t.e.cfg.Form.Field(id); ok && slices.Contains(t.applicable(), i) {
			s.Step, s.Field, s.Editing = StepField, i, true
			return true
		}
	}
	return false
}

// reportNamed opens the report of the unit named by arg: its number in
// the member's list, or its name or code in any form.
func (t *turn) reportNamed(arg string) error {
	if t.member.Can(ActReport) { // "/baocao tuan 37", "/baocao ban-thi tuan 37": an earlier period
		p, rest, named, err := t.e.cutPeriod(arg, t.now)
		if err != nil {
			t.say(UserMessage(t.p, err))
			return nil
		}
		if named {
			t.want = &p
			if rest == "" {
				return t.startReport()
			}
			arg = rest
		}
	}
	if _, err := strconv.Atoi(arg); err == nil || !t.member.Can(ActReport) {
		return t.reportUnit(arg)
	}
	n, other, ok := t.unitChoice(arg)
	switch {
	case ok:
		return t.reportUnit(strconv.Itoa(n))
	case other != "":
		t.say(t.p.T("quick.unit_not_yours", "unit", t.view().unitName(other)))
	default:
		t.say(t.p.T("report.unit_unknown", "unit", arg))
	}
	return t.startReport()
}

// quickPastPeriod answers a quick entry whose unit part names a period
// ("/bc ban-thi tuan 38 ..."): a quick report is for the current period,
// so it gives the command that opens the earlier one for that unit. It
// reports whether it answered.
func (t *turn) quickPastPeriod(typed string) (bool, error) {
	unit, p, named, err := t.unitPeriodArg(typed)
	switch {
	case !named:
		return false, nil
	case err != nil:
		t.say(UserMessage(t.p, err))
		return true, nil
	case p.Key == t.period().Key:
		return false, nil
	}
	v := t.view()
	cmd := v.periodCommand(p, t.now)
	name := unit
	if code, _ := t.quickUnit(unit); code != "" {
		cmd += " " + strconv.Itoa(slices.Index(t.member.Units, code)+1)
		name = v.unitName(code)
	}
	t.say(t.p.T("quick.current_only", "period", v.periodLabel(p), "unit", name, "command", cmd))
	return true, nil
}
