package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Review and return (issue 10 item 3). With review.approval on, the chair
// or an admin opens a unit's latest report with /xem UNIT [PERIOD]: its
// answers, its state, and two numbered choices, 1 Duyệt (approve) and 2
// Trả lại (return). Returning asks for the reason in the next message
// (/huy cancels); the member who filed the report is sent the reason and a
// button that opens the correction at once. The state is kept per (period,
// unit) with every change (ReviewRecord) and audited; it applies to the
// revision it was given on, so a correction is submitted again.

// Inspected names the report a review session is about: the revision on
// screen, so a button pressed after a newer revision is refused.
type Inspected struct {
	Period string `json:"period"`
	Unit   string `json:"unit"`
	Seq    uint64 `json:"seq"`
}

// Choices of the review screen, typed or pressed.
const (
	inspectApprove = 1
	inspectReturn  = 2
)

// maxReasonLen is the longest reason for a return, in characters.
const maxReasonLen = 500

// reviewCommand answers /xem UNIT [PERIOD].
func (t *turn) reviewCommand(arg string) error {
	switch {
	case !t.e.cfg.Review.Approval:
		return t.refuse(t.p.T("review.off"))
	case !t.member.Can(ActReview):
		return t.refuse(t.p.T("review.not_allowed"))
	case t.inProgress(): // a report being filed is not thrown away
		return nil
	}
	usage := t.p.T("review.usage", "example", t.p.T("cmd.review")+" "+t.historyUnitExample()+" "+t.view().periodArgText(t.period(), t.now))
	unitArg, per, named, err := t.unitPeriodArg(arg)
	if err != nil {
		return t.refuse(UserMessage(t.p, err))
	}
	if !named {
		per = t.period()
	}
	if unitArg == "" {
		list, err := t.reviewList(per)
		if err != nil {
			return err
		}
		return t.refuse(list + "\n\n" + usage)
	}
	code := t.e.cfg.unitByKey(unitArg)
	if code == "" {
		return t.refuse(t.p.T("history.unit_unknown", "unit", unitArg) + "\n" + usage)
	}
	r, err := t.tx.LatestReport(per.Key, code)
	switch {
	case errors.Is(err, ErrNotFound):
		return t.refuse(t.p.T("review.nothing", "unit", t.view().unitName(code), "period", t.view().periodLabel(per)))
	case err != nil:
		return fmt.Errorf("bot: review: %w", err)
	}
	t.sess = &Session{Chat: t.u.Chat, Member: t.member.ID, User: t.u.UserID, Step: StepInspect,
		Inspect: &Inspected{Period: per.Key, Unit: code, Seq: r.Seq}}
	return t.askInspect()
}

// reviewList lists the period's reports, each with its state and the
// command that opens it: what /xem without a unit shows.
func (t *turn) reviewList(per Period) (string, error) {
	states, err := PeriodStates(t.tx, per.Key)
	if err != nil {
		return "", err
	}
	v := t.view()
	if len(states) == 0 {
		text := t.p.T("review.list_empty", "period", v.periodLabel(per))
		if prev := t.e.cfg.Period.Prev(per); per.Key == t.period().Key {
			if before, err := PeriodStates(t.tx, prev.Key); err != nil {
				return "", err
			} else if len(before) > 0 { // what there is to review early in a period
				text += " " + t.p.T("review.list_prev", "command", t.p.T("cmd.review")+" "+v.periodArgText(prev, t.now))
			}
		}
		return text, nil
	}
	lines := []string{t.p.T("review.list_title", "period", v.periodLabel(per))}
	command, arg := t.p.T("cmd.review")+" ", ""
	if per.Key != t.period().Key {
		arg = " " + v.periodArgText(per, t.now)
	}
	for _, u := range t.e.cfg.Units {
		if st, ok := states[u.Code]; ok {
			lines = append(lines, t.p.T("review.list_line", "unit", v.unitName(u.Code), "state", t.p.T(st.LabelKey()),
				"command", command+u.Code+arg))
		}
	}
	return strings.Join(lines, "\n"), nil
}

// refuse says text and, when a conversation is open, asks its question
// again (the command does not end it).
func (t *turn) refuse(text string) error {
	t.say(text)
	if t.sess != nil {
		t.reask()
	}
	return nil
}

// historyUnitExample is a unit code for an example line.
func (t *turn) historyUnitExample() string {
	if len(t.e.cfg.Units) > 0 {
		return t.e.cfg.Units[0].Code
	}
	return ""
}

// askInspect shows the report under review: its answers, who filed it and
// when, its state, and the choices.
func (t *turn) askInspect() error {
	s := t.sess
	if s.Inspect == nil {
		return t.lostInspect()
	}
	s.Step = StepInspect
	s.newNonce()
	in := s.Inspect
	r, err := t.tx.LatestReport(in.Period, in.Unit)
	if err != nil {
		return fmt.Errorf("bot: review: %w", err)
	}
	in.Seq = r.Seq
	rec, err := t.reviewRecord(in.Period, in.Unit)
	if err != nil {
		return err
	}
	per, err := t.e.cfg.Period.ParsePeriod(in.Period, t.e.cfg.Area.Location)
	if err != nil {
		return fmt.Errorf("bot: review: %w", err)
	}
	v := t.view()
	who := r.Member
	if m, ok := t.e.cfg.Member(r.Member); ok {
		who = m.Name
	}
	state := rec.StateOf(r.Seq)
	lines := []string{
		t.p.T("review.screen_title", "unit", v.unitName(in.Unit), "period", v.periodLabel(per)),
		v.revisionHead(r, who),
		t.p.T("review.state", "state", t.p.T(state.LabelKey())),
	}
	if c, ok := rec.Last(); ok && c.State == StateReturned && c.Seq < r.Seq {
		lines = append(lines, t.p.T("review.corrected_after", "reason", c.Reason))
	}
	lines = append(lines, "")
	for _, fi := range t.applicableTo(in.Unit) {
		f := &t.e.cfg.Form.Fields[fi]
		if val, ok := r.Values[f.ID]; ok {
			lines = append(lines, "• "+f.Label.In(t.p.Lang())+": "+v.shortAnswer(f, val, true))
		}
	}
	lines = append(lines, "", t.p.T("review.choose"))
	t.say(strings.Join(lines, "\n"),
		Button{Number: inspectApprove, Label: t.p.T("review.button_approve"), Data: s.payload(strconv.Itoa(inspectApprove))},
		Button{Number: inspectReturn, Label: t.p.T("review.button_return"), Data: s.payload(strconv.Itoa(inspectReturn))},
		t.navButton(cmdCancel))
	return nil
}

// inspectInput takes the choice made on the review screen.
func (t *turn) inspectInput(in input) error {
	if t.sess.Inspect == nil {
		return t.lostInspect()
	}
	n, ok := in.choice()
	switch {
	case ok && n == inspectApprove:
		return t.approve()
	case ok && n == inspectReturn:
		if fresh, err := t.stillLatest(); err != nil || !fresh {
			return err
		}
		return t.askReason()
	}
	t.say(t.p.T("choose.range", "max", 2))
	return t.askInspect()
}

// askReason asks for the reason of a return.
func (t *turn) askReason() error {
	s := t.sess
	if s.Inspect == nil {
		return t.lostInspect()
	}
	s.Step = StepReturnReason
	s.newNonce()
	t.say(t.p.T("review.ask_reason", "unit", t.view().unitName(s.Inspect.Unit)), t.navButton(cmdBack), t.navButton(cmdCancel))
	return nil
}

// reasonInput takes the reason and returns the report.
func (t *turn) reasonInput(in input) error {
	if t.sess.Inspect == nil {
		return t.lostInspect()
	}
	switch in.kind {
	case inBack:
		return t.askInspect()
	case inText:
	default:
		t.say(t.p.T("review.reason_text"))
		return t.askReason()
	}
	reason := strings.Join(strings.Fields(in.text), " ")
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		t.say(t.p.T("review.reason_text"))
		return t.askReason()
	case n > maxReasonLen:
		t.say(t.p.T("review.reason_long", "max", t.p.Int(maxReasonLen), "n", t.p.Int(int64(n))))
		return t.askReason()
	}
	return t.setState(StateReturned, reason)
}

// lostInspect ends a review session that does not say which report it is
// about (a record stored by another version): nothing to approve.
func (t *turn) lostInspect() error {
	t.sess = nil
	t.say(t.p.T("error.internal"))
	return nil
}

// approve approves the report on screen.
func (t *turn) approve() error { return t.setState(StateApproved, "") }

// stillLatest reports whether the revision on screen is still the latest;
// if not it says so and shows the newer one.
func (t *turn) stillLatest() (bool, error) {
	in := t.sess.Inspect
	r, err := t.tx.LatestReport(in.Period, in.Unit)
	if err != nil {
		return false, fmt.Errorf("bot: review: %w", err)
	}
	if r.Seq == in.Seq {
		return true, nil
	}
	t.edit = false // the old screen stays as it was; the new one follows
	t.say(t.p.T("review.newer", "seq", in.Seq, "new", r.Seq))
	return false, t.askInspect()
}

// reviewRecord is the review record of (period, unit); nil when none.
func (t *turn) reviewRecord(period, unit string) (*ReviewRecord, error) {
	rec, err := t.tx.Review(period, unit)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("bot: review state: %w", err)
	}
	return rec, nil
}

// setState gives the revision on screen state (with the reason of a
// return), in the turn's transaction: the record, the audit line, the
// reply and the member's notice commit together. The same state given
// twice to the same revision (a double press) is recorded once.
func (t *turn) setState(state ReportState, reason string) error {
	if fresh, err := t.stillLatest(); err != nil || !fresh {
		return err
	}
	in := *t.sess.Inspect
	v := t.view()
	rec, err := t.reviewRecord(in.Period, in.Unit)
	if err != nil {
		return err
	}
	t.sess = nil
	if rec.StateOf(in.Seq) == state {
		t.say(t.p.T("review.already", "unit", v.unitName(in.Unit), "state", t.p.T(state.LabelKey())))
		return nil
	}
	if rec == nil {
		rec = &ReviewRecord{Period: in.Period, Unit: in.Unit}
	}
	rec.Changes = append(rec.Changes, StateChange{State: state, Seq: in.Seq, By: t.member.ID, At: t.now, Reason: reason})
	if err := t.tx.PutReview(rec); err != nil {
		return fmt.Errorf("bot: save review: %w", err)
	}
	if err := t.tx.Audit(AuditEntry{At: t.now, Member: t.member.ID, Action: "review",
		Detail: fmt.Sprintf("%s/%s seq %d %s", in.Period, in.Unit, in.Seq, state)}); err != nil {
		return fmt.Errorf("bot: audit: %w", err)
	}
	if state == StateReturned { // a return asks for a correction: a locked report is reopened for it
		if err := t.reopenForReturn(in.Period, in.Unit); err != nil {
			return err
		}
	}
	r, err := t.tx.LatestReport(in.Period, in.Unit)
	if err != nil {
		return fmt.Errorf("bot: review: %w", err)
	}
	told, err := t.e.tellFiler(t.tx, r, len(rec.Changes), state, reason, t.member, t.now)
	if err != nil {
		return err
	}
	key := "review.done_approved"
	if state == StateReturned {
		key = "review.done_returned"
	}
	text := t.p.T(key, "unit", v.unitName(in.Unit), "seq", in.Seq)
	if filer, ok := t.e.cfg.Member(r.Member); ok {
		if told {
			text += "\n" + t.p.T("review.told", "member", filer.Name)
		} else {
			text += "\n" + t.p.T("review.not_told", "member", filer.Name)
		}
	}
	t.say(text)
	return nil
}
