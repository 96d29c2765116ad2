package bot

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// A session with a unit chosen is a draft: the answers typed so far for one
// unit's report. A draft is kept until its period closes (PeriodSpec.Close:
// by default as it ends), however long it
// sits idle (a member may stop on Tuesday and go on on Thursday, after a
// reminder); once the period has ended it expires like any idle
// conversation, after the TTL, so a review left on Sunday night can still
// be confirmed on Monday morning (the figures then go to the new period).
// A conversation without a unit (the unit list, the language list) holds
// nothing typed and expires after the TTL.

// sessionOver reports whether s has ended at now: idle longer than the TTL
// and, for a draft, its period over.
func (e *Engine) sessionOver(s *Session, now time.Time) bool {
	if !s.Expired(now, e.ttl) {
		return false
	}
	if s.Unit == "" {
		return true
	}
	p, err := e.cfg.Period.ParsePeriod(s.Period, e.cfg.Area.Location)
	if err != nil { // a key of another period kind (the configuration changed): nothing to wait for
		return true
	}
	return !now.Before(e.cfg.Period.Close(p)) // until the period closes, when it may still be saved
}

// expiredText is the message that ends an expired session: a draft says its
// period has closed, other conversations that they sat idle.
func (t *turn) expiredText() string {
	s := t.sess
	if s.Unit == "" {
		return t.p.T("session.expired_idle")
	}
	v := t.view()
	p, err := t.e.cfg.Period.ParsePeriod(s.Period, t.e.cfg.Area.Location)
	if err != nil {
		return t.p.T("session.expired", "unit", v.unitName(s.Unit))
	}
	return t.p.T("session.draft_closed", "unit", v.unitName(s.Unit), "period", v.periodLabel(p))
}

// resumeDraft handles a reminder's button (or "/baocao N" typed) for the
// unit whose draft is open: the report goes on where it stopped, with what
// was typed so far. It reports whether n named that unit.
func (t *turn) resumeDraft(n string) bool {
	i, err := strconv.Atoi(n)
	if err != nil || t.sess == nil || t.sess.Unit == "" || i < 1 || i > len(t.member.Units) ||
		t.member.Units[i-1] != t.sess.Unit {
		return false
	}
	t.say(t.p.T("session.resumed"))
	t.reask()
	return true
}

// reminderDraft is the unit of m's draft for period on the chat a reminder
// to m goes to ("" when there is none): the reminder offers to go on with it.
func (e *Engine) reminderDraft(tx Tx, m *Member, period string) (string, error) {
	ids, err := tx.IdentitiesOf(m.ID)
	if err != nil {
		return "", fmt.Errorf("bot: chats of %s: %w", m.ID, err)
	}
	st, err := tx.MemberState(m.ID)
	if err != nil {
		return "", fmt.Errorf("bot: preferred account of %s: %w", m.ID, err)
	}
	id, ok := pickAccount(e.running(ids), st.Prefer) // the account enqueueTo sends to
	if !ok {
		return "", nil
	}
	s, err := tx.Session(id.ChatRef())
	switch {
	case errors.Is(err, ErrNotFound):
		return "", nil
	case err != nil: // damaged: the member is told when they next write; the reminder goes as usual
		e.log.Error("reminder: a session that cannot be read is ignored", "member", m.ID, "err", err)
		return "", nil
	}
	if s.Member != m.ID || s.Period != period || s.Unit == "" || e.sessionOver(s, e.clock.Now()) {
		return "", nil
	}
	return s.Unit, nil
}

// backToDraft handles the first message typed to a draft the member has not
// seen for longer than the TTL: it is not taken as an answer (after days
// away it may be a greeting, or meant for another question); the member is
// told where the report stands and the open question is asked again. It
// reports whether it did so. Buttons and slash commands are deliberate and
// go through.
func (t *turn) backToDraft() bool {
	s := t.sess
	if s.Unit == "" {
		return false
	}
	seen := s.Updated
	if s.Shown.After(seen) {
		seen = s.Shown
	}
	if t.now.Sub(seen) <= t.e.ttl {
		return false
	}
	v := t.view()
	t.say(t.p.T("draft.back", "unit", v.unitName(s.Unit), "time", v.dateTime(s.Updated)))
	t.reask()
	return true
}
