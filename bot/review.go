package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// review shows every answer with computed ratios and warnings, and asks to
// confirm.
func (t *turn) review() error {
	s := t.sess
	s.Step, s.Editing, s.Fix = StepReview, false, nil
	s.newNonce()
	p, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
	if err != nil {
		return err
	}
	v := t.view()
	lines := []string{t.p.T("review.title", "unit", v.unitName(s.Unit), "period", v.periodLabel(p))}
	switch {
	case s.Base > 0 && p.Key != t.period().Key:
		lines = append(lines, t.p.T("review.correcting_past", "seq", s.Base+1, "period", v.periodLabel(p)))
	case s.Base > 0:
		lines = append(lines, t.p.T("review.correcting", "seq", s.Base+1))
	}
	if p.Key != t.period().Key { // an earlier period: say so before the figures
		lines = append(lines, t.p.T("review.past_period"))
	}
	base, err := t.correctionBase()
	if err != nil {
		return err
	}
	if base != nil {
		lines = append(lines, t.changeCount(base))
	}
	prev, err := t.previous()
	if err != nil {
		return err
	}
	if head, err := t.carriedHeader(); err != nil {
		return err
	} else if head != "" {
		lines = append(lines, head)
	}
	lines = append(lines, "")
	for i, fi := range t.applicable() {
		f := &t.e.cfg.Form.Fields[fi]
		lines = append(lines, fmt.Sprintf("%d. %s: %s", i+1, f.Label.In(t.p.Lang()), t.markChange(fi, base, t.reviewValue(fi))+t.carriedNote(f, prev)))
	}
	warns, err := t.warnings()
	if err != nil {
		return err
	}
	if len(warns) > 0 {
		lines = append(lines, "", t.p.T("review.warnings"))
		for _, w := range warns {
			lines = append(lines, "⚠ "+w)
		}
	}
	s.Warned = len(warns) > 0
	lines = append(lines, "", t.reviewHint())
	t.say(strings.Join(lines, "\n"), t.reviewButtons()...)
	return nil
}

// reviewHint says how to save, naming the confirm button as it reads: with
// warnings on screen it is the "warnings checked" button.
func (t *turn) reviewHint() string {
	if t.sess.Warned {
		return t.p.T("review.hint_warned", "button", t.p.T("button.confirm_warnings"))
	}
	if t.anyCarried() {
		return t.p.T("review.hint_prefilled")
	}
	return t.p.T("review.hint")
}

// reviewButtons are confirm, edit and cancel; confirm says so when there are
// warnings to acknowledge.
func (t *turn) reviewButtons() []Button {
	confirm := t.navButton(cmdConfirm)
	if t.sess.Warned {
		confirm.Label = t.p.T("button.confirm_warnings")
	}
	return []Button{confirm, t.navButton(cmdEdit), t.navButton(cmdCancel)}
}

// reviewValue writes one answer for the review, with its ratio to the target.
func (t *turn) reviewValue(fi int) string {
	f, v := &t.e.cfg.Form.Fields[fi], t.view()
	val, ok := t.sess.Answers[f.ID]
	if !ok {
		if f.Required {
			return t.p.T("review.missing")
		}
		return t.p.T("review.skipped")
	}
	if tgt, ok := v.target(t.sess.Unit, f); ok {
		return t.p.T("review.ratio", "value", v.formatValue(f, val), "target", v.formatNumber(f, tgt),
			"pct", t.p.Percent(val.Num/tgt*100))
	}
	return v.formatValue(f, val)
}

// warnings lists what the member must look at before confirming: money
// disbursed above the unit's plan, and cumulative figures lower than the
// unit's previous report.
func (t *turn) warnings() ([]string, error) {
	s := t.sess
	prev, err := t.tx.PreviousReport(s.Unit, s.Period)
	if errors.Is(err, ErrNotFound) {
		prev = nil
	} else if err != nil {
		return nil, fmt.Errorf("bot: previous report: %w", err)
	}
	var base *Report // the revision being corrected, this period
	if s.Base > 0 {
		if base, err = t.tx.LatestReport(s.Period, s.Unit); err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("bot: report being corrected: %w", err)
		}
	}
	var out []string
	for _, fi := range t.applicable() {
		f := &t.e.cfg.Form.Fields[fi]
		v, ok := s.Answers[f.ID]
		if !ok || !f.Type.Numeric() {
			continue
		}
		out = append(out, t.fieldWarnings(f, v.Num, prev, base)...)
	}
	return out, nil
}

// fieldWarnings checks one figure: money over plan (households above target
// are good news, but far above it is likely a typing slip), and a running
// total lower than the last report or than the revision being corrected,
// said once: lower than the last period's figure is the inconsistency that
// matters, so that warning stands for both.
func (t *turn) fieldWarnings(f *Field, v float64, prev, base *Report) []string {
	var out []string
	tv := t.view()
	label, num := f.Label.In(t.p.Lang()), func(x float64) string { return tv.formatNumber(f, x) }
	if tgt, ok := tv.target(t.sess.Unit, f); ok && (f.Type == FieldMoney && v > tgt || v > farOverTarget*tgt) {
		out = append(out, t.p.T("warn.over_target", "field", label, "value", num(v), "target", num(tgt)))
	}
	if !f.Cumulative {
		return out
	}
	if pv, ok := prev.value(f.ID); ok && v < pv.Num {
		return append(out, t.p.T("warn.below_previous", "field", label, "value", num(v),
			"prev", num(pv.Num), "date", t.p.Date(prev.At.In(t.e.cfg.Area.Location))))
	}
	if bv, ok := base.value(f.ID); ok && v < bv.Num {
		out = append(out, t.p.T("warn.below_revision", "field", label, "value", num(v), "prev", num(bv.Num), "seq", base.Seq))
	}
	return out
}

// farOverTarget is how many times its target a non-money figure may reach
// before the review asks the member to check it.
const farOverTarget = 2

// value returns a report's value for a field; a nil report has none.
func (r *Report) value(id string) (Value, bool) {
	if r == nil {
		return Value{}, false
	}
	v, ok := r.Values[id]
	return v, ok
}

// reviewInput handles input on the review screen: confirm, edit, or the
// number of an answer to change.
func (t *turn) reviewInput(in input) error {
	switch in.kind {
	case inConfirm:
		return t.save()
	case inEdit:
		return t.askEdit()
	case inBack:
		if n := len(t.sess.Trail); n > 0 {
			return t.back()
		}
		return t.askEdit()
	}
	if n, ok := in.choice(); ok {
		return t.editField(n)
	}
	// Not understood: repeat the short hint with the same buttons rather than
	// the whole review again.
	t.say(t.reviewHint(), t.reviewButtons()...)
	return nil
}

// askEdit lists the answers as numbered choices to change one.
func (t *turn) askEdit() error {
	s := t.sess
	s.Step = StepEditPick
	s.newNonce()
	var bs []Button
	for i, fi := range t.applicable() {
		bs = append(bs, Button{Number: i + 1, Label: t.e.cfg.Form.Fields[fi].Label.In(t.p.Lang()), Data: s.payload(strconv.Itoa(i + 1))})
	}
	bs = append(bs, t.navButton(cmdBack))
	t.say(t.p.T("edit.pick"), bs...)
	return nil
}

// editPick takes the number of the answer to change.
func (t *turn) editPick(in input) error {
	if in.kind == inBack || in.kind == inConfirm {
		return t.review()
	}
	n, ok := in.choice()
	if !ok {
		t.say(t.p.T("choose.range", "max", len(t.applicable())))
		return t.askEdit()
	}
	return t.editField(n)
}

// editField asks the n-th applicable question again, returning to the review.
func (t *turn) editField(n int) error {
	idx := t.applicable()
	if n < 1 || n > len(idx) {
		t.say(t.p.T("choose.range", "max", len(idx)))
		return t.askEdit()
	}
	t.sess.Step, t.sess.Field, t.sess.Editing = StepField, idx[n-1], true
	return t.askField()
}

// save stores the answers as the unit's next revision for the period.
func (t *turn) save() error {
	s := t.sess
	if !t.member.Assigned(s.Unit) { // the office moved the unit to someone else meanwhile
		t.say(t.p.T("report.unit_not_yours", "unit", t.view().unitName(s.Unit)))
		t.sess = nil
		return nil
	}
	for i, fi := range t.applicable() {
		f := &t.e.cfg.Form.Fields[fi]
		if _, ok := s.Answers[f.ID]; f.Required && !ok {
			t.say(t.p.T("review.missing_required", "field", f.Label.In(t.p.Lang())))
			return t.editField(i + 1)
		}
	}
	per, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
	if err != nil {
		return err
	}
	prev, err := t.tx.LatestReport(s.Period, s.Unit)
	if errors.Is(err, ErrNotFound) {
		prev = nil
	} else if err != nil {
		return fmt.Errorf("bot: load report: %w", err)
	}
	acc, err := t.e.access(t.tx, per, s.Unit, prev != nil, t.now)
	if err != nil {
		return err
	}
	if !acc.writable() {
		// A draft of the period that just ended: the figures are current
		// now, so they go to the current period. An earlier period chosen
		// on purpose that locked meanwhile says so.
		if cur := t.period(); t.e.cfg.Period.Prev(cur).Key == s.Period {
			return t.movePeriod(cur)
		}
		t.say(t.reportLockedText(per, s.Unit, prev != nil))
		t.sess = nil
		return nil
	}
	if prev != nil && prev.Seq != s.Base {
		return t.conflict(prev)
	}
	var prevVals map[string]Value
	if prev != nil {
		prevVals = prev.Values
	}
	changed := t.e.cfg.Form.Diff(prevVals, s.Answers)
	if prev != nil && len(changed) == 0 {
		t.sess = nil
		t.say(t.p.T("report.unchanged", "seq", prev.Seq))
		return nil
	}
	r := &Report{Period: s.Period, Unit: s.Unit, Member: t.member.ID, Channel: t.u.Chat.Channel,
		At: t.now, Values: s.Answers, Changed: changed, Late: t.e.isLate(per, prev, t.now)}
	if err := t.tx.PutReport(r); err != nil {
		return fmt.Errorf("bot: save report: %w", err)
	}
	detail := fmt.Sprintf("%s/%s seq %d changed %s", r.Period, r.Unit, r.Seq, strings.Join(changed, ","))
	if r.Late {
		detail += " late"
	}
	if acc == accessReopened { // reopened for one revision: this was it
		detail += " reopened"
		if err := t.tx.DeleteReopening(r.Period, r.Unit); err != nil {
			return fmt.Errorf("bot: close reopening: %w", err)
		}
	}
	if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "report", Detail: detail}); err != nil {
		return fmt.Errorf("bot: audit: %w", err)
	}
	if err := t.e.tellReviewer(t.tx, r, t.now); err != nil {
		return err
	}
	t.sess = nil
	v := t.view()
	text := t.p.T("report.saved", "unit", v.unitName(r.Unit), "seq", r.Seq, "time", v.dateTime(t.now))
	if r.Late {
		text += "\n" + t.p.T("report.saved_late", "period", v.periodLabel(per))
	}
	if prev != nil {
		text += "\n" + t.changesText(prev, r.Values, changed)
	}
	pending, err := t.pendingUnits(r.Period)
	if err != nil {
		return err
	}
	past := r.Period != t.period().Key // a late report, or a correction before the close
	switch {
	case len(pending) > 0 && past:
		text += "\n" + t.p.T("report.still_pending_past", "period", v.periodLabel(per), "units", strings.Join(pending, ", "),
			"command", v.periodCommand(per, t.now))
	case len(pending) > 0:
		text += "\n" + t.p.T("report.still_pending", "units", strings.Join(pending, ", "))
	case past:
		text += "\n" + t.p.T("report.all_done_past", "period", v.periodLabel(per))
	default:
		text += "\n" + t.p.T("report.all_done")
	}
	t.say(text)
	return nil
}

// movePeriod handles a report confirmed after its period ended: the figures
// are current now, so they go to the current period, and the member sees the
// review again with the new period before anything is saved.
func (t *turn) movePeriod(cur Period) error {
	s := t.sess
	old, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
	if err != nil {
		return err
	}
	s.Period, s.Base = cur.Key, 0
	if latest, err := t.tx.LatestReport(cur.Key, s.Unit); err == nil {
		s.Base = latest.Seq
	} else if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("bot: load report: %w", err)
	}
	v := t.view()
	t.say(t.p.T("report.period_moved", "old", v.periodLabel(old), "new", v.periodLabel(cur)))
	return t.review()
}

// conflict handles a confirm after someone saved another revision of the
// same report meanwhile: nothing is overwritten; the member sees the review
// again (their answers kept) and confirms knowingly.
func (t *turn) conflict(latest *Report) error {
	who := latest.Member
	if m, ok := t.e.cfg.Member(who); ok {
		who = m.Name
	}
	t.sess.Base = latest.Seq
	t.say(t.p.T("report.conflict", "seq", latest.Seq, "member", who,
		"time", t.view().dateTime(latest.At)))
	return t.review()
}

// pendingUnits names the member's units without a report for period.
func (t *turn) pendingUnits(period string) ([]string, error) {
	var out []string
	for _, code := range t.member.Units {
		_, err := t.tx.LatestReport(period, code)
		if errors.Is(err, ErrNotFound) {
			out = append(out, t.view().unitName(code))
		} else if err != nil {
			return nil, fmt.Errorf("bot: unit status: %w", err)
		}
	}
	return out, nil
}
