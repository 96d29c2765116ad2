package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Lockout of invite-code guessing: this many wrong codes from one platform
// user within codeFailWindow lock them out of codes for codeLockout.
const (
	maxCodeFailures = 5
	codeFailWindow  = time.Hour
	codeLockout     = time.Hour
)

// Attempts is the record of one actor's recent failures of one kind (wrong
// invite codes from one platform user), for lockouts. The store keeps it
// under a key the caller chooses.
type Attempts struct {
	Failures    []time.Time `json:"failures,omitempty"` // within the window, oldest first
	LockedUntil time.Time   `json:"locked_until,omitzero"`
}

// IsZero reports whether the record holds nothing (the store deletes it).
func (a Attempts) IsZero() bool { return len(a.Failures) == 0 && a.LockedUntil.IsZero() }

// Locked reports whether the actor is locked out at now.
func (a Attempts) Locked(now time.Time) bool { return now.Before(a.LockedUntil) }

// fail records a failure at now and returns how many failures fall within
// window, this one included. Reaching limit locks the actor out for lock and
// starts the count afresh.
func (a *Attempts) fail(now time.Time, window time.Duration, limit int, lock time.Duration) int {
	if !a.Locked(now) {
		a.LockedUntil = time.Time{}
	}
	kept := a.Failures[:0]
	for _, at := range a.Failures {
		if now.Sub(at) < window {
			kept = append(kept, at)
		}
	}
	a.Failures = append(kept, now)
	n := len(a.Failures)
	if n >= limit {
		a.Failures, a.LockedUntil = nil, now.Add(lock)
	}
	return n
}

// register handles a message from someone who is not bound to a roster
// member: an invite code (/start CODE, a Telegram deep link, or the bare
// code), their own shared contact, or anything else, which gets the
// explanation of how to register. They never see any data.
func (t *turn) register() error {
	if t.u.UserID == "" {
		t.sayHowto(t.howto())
		return nil
	}
	if t.u.Contact != nil {
		return t.registerByContact(t.u.Contact)
	}
	text := strings.TrimSpace(t.u.Text)
	if t.u.Callback == nil {
		if cmd, arg, ok := parseCommand(text); ok && cmd == cmdStart && arg != "" {
			return t.registerByCode(arg)
		}
		if _, ok := ParseInviteCode(text); ok {
			return t.registerByCode(text)
		}
	}
	a, err := t.attempts()
	if err != nil {
		return err
	}
	if a.Locked(t.now) {
		t.sayHowto(t.lockedText(a))
		return nil
	}
	t.sayHowto(t.howto())
	return nil
}

// registerByCode binds the sender to the member of a valid, unused,
// unexpired invite, and counts anything else as a wrong try.
func (t *turn) registerByCode(typed string) error {
	a, err := t.attempts()
	if err != nil {
		return err
	}
	if a.Locked(t.now) {
		t.sayHowto(t.lockedText(a))
		return nil
	}
	inv, refusal, err := t.checkInvite(typed)
	if err != nil {
		return err
	}
	if refusal != "" {
		return t.codeFailed(a, refusal)
	}
	m, ok := t.e.cfg.Member(inv.Member)
	if !ok {
		t.e.log.Warn("invite for a member no longer in the roster", "member", inv.Member, "user", t.who())
		t.say(t.p.T("register.code_revoked"))
		return nil
	}
	inv.UsedBy, inv.UsedAt = t.who(), t.now
	if err := t.tx.PutInvite(inv); err != nil {
		return fmt.Errorf("bot: register: use invite: %w", err)
	}
	if !a.IsZero() {
		if err := t.tx.PutAttempts(t.attemptsKey(), Attempts{}); err != nil {
			return fmt.Errorf("bot: register: clear attempts: %w", err)
		}
	}
	return t.bindTo(m, "invite")
}

// checkInvite looks up a typed code. refusal is the message for a code that
// cannot be used (wrong, used or expired), saying which without saying whose.
func (t *turn) checkInvite(typed string) (inv Invite, refusal string, err error) {
	code, ok := ParseInviteCode(typed)
	if !ok {
		return inv, t.p.T("register.code_wrong"), nil
	}
	inv, err = t.tx.Invite(code)
	switch {
	case errors.Is(err, ErrNotFound):
		return inv, t.p.T("register.code_wrong"), nil
	case err != nil:
		return inv, "", fmt.Errorf("bot: register: look up invite: %w", err)
	case inv.Used():
		return inv, t.p.T("register.code_used"), nil
	case inv.Expired(t.now):
		return inv, t.p.T("register.code_expired"), nil
	}
	return inv, "", nil
}

// codeFailed counts a wrong try, locking the sender out at the limit, and
// tells them.
func (t *turn) codeFailed(a Attempts, refusal string) error {
	n := a.fail(t.now, codeFailWindow, maxCodeFailures, codeLockout)
	if err := t.tx.PutAttempts(t.attemptsKey(), a); err != nil {
		return fmt.Errorf("bot: register: count attempt: %w", err)
	}
	if !a.Locked(t.now) {
		t.say(refusal + "\n" + t.p.T("register.tries", "n", n, "max", maxCodeFailures))
		return nil
	}
	t.e.log.Warn("invite codes locked out", "user", t.who(), "until", a.LockedUntil)
	err := t.tx.Audit(AuditEntry{At: t.now, Action: "register.lockout", Detail: t.who()})
	if err != nil {
		return fmt.Errorf("bot: register: audit lockout: %w", err)
	}
	t.sayHowto(refusal + "\n\n" + t.lockedText(a))
	return nil
}

// registerByContact binds the sender to the one roster member whose phone is
// the number they shared, which must be their own.
func (t *turn) registerByContact(c *Contact) error {
	share := t.p.T("register.share_button")
	if c.UserID == "" || c.UserID != t.u.UserID {
		t.sayHowto(t.p.T("register.contact_not_own", "button", share))
		return nil
	}
	var found []*Member
	if phone, ok := NormalizePhone(c.Phone); ok {
		for i := range t.e.cfg.Members {
			if p, ok := NormalizePhone(t.e.cfg.Members[i].Phone); ok && p == phone {
				found = append(found, &t.e.cfg.Members[i])
			}
		}
	}
	switch len(found) {
	case 0:
		t.say(t.p.T("register.contact_no_match"))
	case 1:
		return t.bindTo(found[0], "phone")
	default:
		t.e.log.Warn("shared phone matches several roster members", "user", t.who(), "members", len(found))
		t.say(t.p.T("register.contact_ambiguous"))
	}
	return nil
}

// bindTo binds the sender's account to m, records how, and welcomes them in
// m's language with the greeting /start gives, in the same message.
func (t *turn) bindTo(m *Member, how string) error {
	id := Identity{Channel: t.u.Chat.Channel, UserID: t.u.UserID, Member: m.ID, Chat: t.u.Chat.ChatID}
	if err := t.tx.PutIdentity(id); err != nil {
		return fmt.Errorf("bot: register: bind: %w", err)
	}
	err := t.tx.Audit(AuditEntry{At: t.now, Member: m.ID, Action: "register", Detail: how + " " + t.who()})
	if err != nil {
		return fmt.Errorf("bot: register: audit: %w", err)
	}
	t.member, t.p = m, t.e.printer(t.tx, m)
	// One message, not two: on Telegram a chat has a burst of three messages
	// and then one a second, so a second message here would leave the
	// member's next two actions waiting for the bucket to refill.
	t.say(t.p.T("register.done") + "\n\n" + t.greeting())
	t.replies[len(t.replies)-1].RemoveKeyboard = true // the "share my phone" button is done with
	return nil
}

// who names the sender's platform account: "telegram/123456".
func (t *turn) who() string { return t.u.Chat.Channel + "/" + t.u.UserID }

// attemptsKey is where the sender's wrong invite codes are counted.
func (t *turn) attemptsKey() string { return "invite/" + t.who() }

// attempts loads the sender's wrong-code record.
func (t *turn) attempts() (Attempts, error) {
	a, err := t.tx.Attempts(t.attemptsKey())
	if err != nil {
		return a, fmt.Errorf("bot: register: attempts: %w", err)
	}
	return a, nil
}

// lockedText says until when, in the area's time zone, codes are refused.
func (t *turn) lockedText(a Attempts) string {
	until := t.p.DateTime(a.LockedUntil.In(t.e.cfg.Area.Location))
	if !t.e.caps(t.u.Chat.Channel).Contact {
		return t.p.T("register.locked_code", "max", maxCodeFailures, "time", until)
	}
	return t.p.T("register.locked", "max", maxCodeFailures, "time", until, "button", t.p.T("register.share_button"))
}

// howto is how to register on this channel: by code, and where the channel
// can ask for it, by sharing the phone number.
func (t *turn) howto() string {
	if !t.e.caps(t.u.Chat.Channel).Contact {
		return t.p.T("register.howto_code")
	}
	return t.p.T("register.howto", "button", t.p.T("register.share_button"))
}

// sayHowto sends text with the channel's "share my phone number" button,
// where it has one.
func (t *turn) sayHowto(text string) {
	t.say(text)
	if t.e.caps(t.u.Chat.Channel).Contact {
		t.replies[len(t.replies)-1].RequestContact = t.p.T("register.share_button")
	}
}

// NormalizePhone reduces a Vietnamese phone number to its national form,
// "0912345678", so that "0912 345 678", "0912.345.678", "+84912345678",
// "84912345678", "(+84) 912-345-678" and "0084 912 345 678" compare equal.
// ok is false for anything else: letters, a foreign country code, or not
// 9–10 digits after the leading 0 (10-digit mobiles, 11-digit landlines).
func NormalizePhone(s string) (string, bool) {
	intl := false // "+" or "00": a country code follows
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0 && !intl:
			intl = true
		case strings.ContainsRune(" \t.-()", r):
		default:
			return "", false
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	switch {
	case strings.HasPrefix(d, "84") && (intl || len(d) >= 11):
		d = d[2:]
	case intl:
		return "", false // another country
	}
	d = strings.TrimPrefix(d, "0") // national 0, or "+84 0912…"
	if len(d) < 9 || len(d) > 10 {
		return "", false
	}
	return "0" + d, true
}
