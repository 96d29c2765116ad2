package bot

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"fieldbot/i18n"
)

// turn is the handling of one update: who is speaking, in which language, the
// chat's session, and the replies collected so far.
type turn struct {
	e      *Engine
	tx     Tx
	u      *Update
	now    time.Time
	member *Member
	p      *i18n.Printer
	sess   *Session // nil when the chat has no open conversation
	// edit is set while the first reply may replace the pressed button's message.
	edit bool
	// resumed turns (a restart re-asking the question) leave the session's
	// idle clock alone: only the member's own messages keep it alive.
	resumed bool
	replies []*Outgoing
	// prefill is set when the unit was named at once (/baocao 2, a
	// reminder's button): a first report opens pre-filled from the last one.
	prefill bool
	// formChanged is set when the session was made for another version of
	// the form (a field gone, moved or added since) and was fitted to it.
	formChanged bool
	// damaged is set when the chat's session could not be read.
	damaged bool
	// refused is set once an answer was refused with an example: the
	// question asked again below it leaves its help out, so one example
	// is read, not three.
	refused bool
	// hadSession is set when the chat had an open conversation as the turn
	// began.
	hadSession bool
	// silent is set when the account belongs to a deactivated member: the
	// update is taken in and answered with nothing.
	silent bool
	// want is the earlier period a command named (/baocao tuan 37); nil:
	// the current one.
	want *Period
}

func (e *Engine) newTurn(tx Tx, u *Update) (*turn, error) {
	e, err := e.at(tx) // the roster this transaction sees
	if err != nil {
		return nil, err
	}
	now := e.clock.Now()
	t := &turn{e: e, tx: tx, u: u, now: now, p: i18n.For(i18n.VI)}
	if l, ok := i18n.ParseLang(u.LangHint); ok {
		t.p = i18n.For(l)
	}
	if u.UserID != "" {
		id, err := tx.Identity(u.Chat.Channel, u.UserID)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return nil, fmt.Errorf("bot: identity: %w", err)
		default:
			if m, ok := e.cfg.Member(id.Member); ok {
				if t.p, err = e.greetMember(tx, m, u, id); err != nil {
					return nil, err
				}
				// With the units they stand in for while their members are on leave.
				if t.member, _, err = e.effective(tx, m, now); err != nil {
					return nil, err
				}
			}
			t.silent = e.cfg.Inactive(id.Member)
		}
	}
	s, err := tx.Session(u.Chat)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		// A record that cannot be read (damaged): the chat must not be
		// silenced by it. It is dropped, and the member told.
		e.log.Error("a session that cannot be read is dropped", "chat", u.Chat.Key(), "err", err)
		t.damaged = true
	default:
		if s.Answers == nil {
			s.Answers = map[string]Value{} // an empty map is not stored
		}
		t.sess, t.hadSession = s, true
		t.formChanged = t.fitForm()
	}
	return t, nil
}

// printer returns the printer for m's chosen or configured language.
func (e *Engine) printer(tx MemberTx, m *Member) *i18n.Printer {
	lang := m.Lang
	if st, err := tx.MemberState(m.ID); err == nil && st.Lang != "" {
		lang = st.Lang
	}
	return i18n.For(lang)
}

// greetMember reads a member's state once as they write: their language
// for the reply. A message in their private chat shows the account is
// reachable again, tells which chat that is (on Zalo it is not the user id),
// and makes this account the one scheduled messages go to; a message in a
// group shows none of that.
func (e *Engine) greetMember(tx Tx, m *Member, u *Update, id Identity) (*i18n.Printer, error) {
	st, err := tx.MemberState(m.ID)
	if err != nil { // damaged: the roster's defaults, and a fresh record on the next change
		e.log.Error("a member state that cannot be read is ignored", "member", m.ID, "err", err)
		st = MemberState{}
	}
	changed := false
	if !u.Group { // a group message says nothing of the private chat
		changed = id.Unreachable != "" || u.Chat.ChatID != "" && u.Chat.ChatID != id.Chat
		id.Unreachable, id.UnreachableAt = "", time.Time{}
		if u.Chat.ChatID != "" {
			id.Chat = u.Chat.ChatID
		}
	}
	if changed {
		if err := tx.PutIdentity(id); err != nil {
			return nil, fmt.Errorf("bot: update account %s/%s: %w", id.Channel, id.UserID, err)
		}
	}
	if !u.Group && st.Prefer != id.Key() { // scheduled messages follow the member
		st.Prefer = id.Key()
		if err := tx.PutMemberState(m.ID, st); err != nil {
			return nil, fmt.Errorf("bot: preferred account: %w", err)
		}
	}
	return i18n.For(cmp.Or(st.Lang, m.Lang)), nil
}

// run decides what the update means.
func (t *turn) run() error {
	if t.silent {
		t.sess = nil
		return nil
	}
	if t.u.UserID != "" && t.u.Group {
		// A group chat: reports, codes and figures are not for the whole
		// group. Commands get a pointer to the private chat; talk is ignored.
		if strings.HasPrefix(strings.TrimSpace(t.u.Text), "/") {
			t.say(t.p.T("group.private_only"))
		}
		t.sess = nil
		return nil
	}
	if t.member == nil {
		return t.register()
	}
	if t.sess != nil && t.sess.Member != t.member.ID {
		t.sess = nil // the account was bound to another member meanwhile
	}
	if t.sess != nil && t.expireIfIdle() {
		if t.u.Callback != nil || !strings.HasPrefix(strings.TrimSpace(t.u.Text), "/") {
			return nil
		}
	}
	if t.damaged {
		t.say(t.p.T("session.damaged"))
		return nil
	}
	if t.formChanged && t.sess != nil {
		// What was typed answered a question that may no longer be there.
		t.say(t.p.T("form.changed"))
		t.reask()
		return nil
	}
	if cb := t.u.Callback; cb != nil {
		return t.callback(cb)
	}
	if t.u.Document != nil {
		return t.rosterDocument()
	}
	if t.u.Unsupported != "" && t.u.Text == "" && t.u.Photo == "" {
		t.unsupported()
		return nil
	}
	if err := t.keepPhoto(); err != nil {
		return err
	}
	text := strings.TrimSpace(t.u.Text)
	if cmd, arg, ok := parseCommand(text); ok {
		if t.sess != nil {
			if in, ok := navCommand(cmd); ok {
				return t.input(in)
			}
		}
		return t.command(cmd, arg)
	}
	if t.sess != nil {
		if t.backToDraft() {
			return nil
		}
		return t.input(t.typed(text))
	}
	if t.u.Photo == "" && t.member.Can(ActReport) { // lines "Số hộ thoát nghèo: 15" sent as they are
		if done, err := t.quickEntry(text, false); done || err != nil {
			return err
		}
	}
	t.say(t.p.T("hint.idle"))
	return nil
}

// say queues a reply to the chat.
func (t *turn) say(text string, buttons ...Button) {
	out := &Outgoing{Chat: t.u.Chat, User: t.recipient(), Text: text, Buttons: buttons, Created: t.now}
	if t.edit && t.u.Callback != nil && len(t.replies) == 0 {
		out.EditMessageID = t.u.Callback.MessageID
	}
	t.replies = append(t.replies, out)
}

// recipient is the account the turn's replies are for: the sender's, in
// their private chat; nobody's in a group (a refusal there says nothing of
// the member's own chat).
func (t *turn) recipient() string {
	if t.u.Group {
		return ""
	}
	return t.u.UserID
}

// flush stores the session and enqueues the replies.
func (t *turn) flush() error {
	if t.u.albumMore && !(t.hadSession && t.sess == nil) {
		// The album's last photo answers for all of them, unless this one
		// ended the conversation (it expired): that is said at once.
		t.replies = nil
	}
	if t.sess != nil {
		if !t.resumed {
			t.sess.Updated = t.now
		}
		if err := t.tx.PutSession(t.sess); err != nil {
			return fmt.Errorf("bot: save session: %w", err)
		}
	} else if err := t.tx.DeleteSession(t.u.Chat); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("bot: delete session: %w", err)
	}
	if err := t.notice(); err != nil {
		return err
	}
	if t.u.Callback != nil && t.u.Callback.ID != "" {
		if len(t.replies) == 0 {
			t.replies = append(t.replies, &Outgoing{Chat: t.u.Chat, User: t.recipient(), Created: t.now})
		}
		t.replies[0].AnswerCallback = t.u.Callback.ID
	}
	for _, out := range t.replies {
		if err := t.e.shapeFiles(t.tx, out, t.p, t.u.Chat.Channel+"/"+t.recipient(), t.now); err != nil {
			return err
		}
		if _, err := t.tx.Enqueue(out); err != nil {
			return fmt.Errorf("bot: enqueue reply: %w", err)
		}
	}
	return nil
}

// expireIfIdle ends a session that is over (see sessionOver) with a message
// and reports whether it did.
func (t *turn) expireIfIdle() bool {
	if t.sess == nil || !t.e.sessionOver(t.sess, t.now) {
		return false
	}
	t.say(t.expiredText())
	t.sess = nil
	return true
}

// period is the reporting period at the turn's time.
func (t *turn) period() Period {
	return t.e.cfg.Period.PeriodAt(t.now, t.e.cfg.Area.Location)
}
