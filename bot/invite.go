package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"
)

// InviteTTL is how long an invite code can be used after it is made.
const InviteTTL = 7 * 24 * time.Hour

// inviteAlphabet has no look-alikes (0/O, 1/I/L), so a code read off paper
// or a screen is typed right the first time.
const inviteAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// inviteLen is a code's length: 31¹² ≈ 2⁵⁹ codes. The store keeps only a
// SHA-256 of each code; at this size guessing a live code back from a leaked
// database takes years of GPU time, far longer than the code lives (ten
// characters, about 2⁵⁰, would fall in a GPU-day).
const inviteLen = 12

// inviteGroup is how many characters are written together: "K7XM-Q2PR-9DHT".
const inviteGroup = 4

// Invite is a one-time code that binds the platform account that uses it to
// a roster member.
type Invite struct {
	// Code is the canonical code (upper case, no dashes). The store keeps
	// only its hash, so Code is not encoded; Tx.Invite fills it from the
	// code it was asked for.
	Code    string    `json:"-"`
	Member  string    `json:"member"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	UsedBy  string    `json:"used_by,omitempty"` // "telegram/123456" once used
	UsedAt  time.Time `json:"used_at,omitzero"`
}

// Used reports whether the invite has been redeemed.
func (inv Invite) Used() bool { return inv.UsedBy != "" }

// Expired reports whether the invite can no longer be used at now.
func (inv Invite) Expired(now time.Time) bool { return !now.Before(inv.Expires) }

// Display writes the code in groups for people: "K7XM-Q2PR-9DHT". It is also
// a valid Telegram deep-link payload.
func (inv Invite) Display() string { return FormatInviteCode(inv.Code) }

// FormatInviteCode groups a canonical code with dashes.
func FormatInviteCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%inviteGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseInviteCode reads a code as a person may type it, in any case, with
// spaces, dashes or dots anywhere, and returns its canonical form; ok is
// false when what is left cannot be a code.
func ParseInviteCode(s string) (code string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '_' || r == '\t':
		case strings.ContainsRune(inviteAlphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != inviteLen {
		return "", false
	}
	return b.String(), true
}

// newInviteCode draws a canonical code from crypto/rand, without modulo
// bias: bytes at or above the largest multiple of the alphabet's size are
// drawn again.
func newInviteCode() (string, error) {
	const n = len(inviteAlphabet)
	limit := byte(256 / n * n)
	out := make([]byte, 0, inviteLen)
	buf := make([]byte, 2*inviteLen)
	for len(out) < inviteLen {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("bot: invite code: %w", err)
		}
		for _, c := range buf {
			if c < limit && len(out) < inviteLen {
				out = append(out, inviteAlphabet[int(c)%n])
			}
		}
	}
	return string(out), nil
}

// Invite makes a one-time code for a roster member, valid for InviteTTL, and
// records it (hashed) with an audit entry. The code is in the returned value
// only: hand it to the member privately.
func (e *Engine) Invite(ctx context.Context, memberID string) (Invite, error) {
	var inv Invite
	err := e.store.Update(ctx, func(tx Tx) error {
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		inv, err = e.invite(tx, memberID, e.clock.Now(), "")
		return err
	})
	return inv, err
}

// inviteAuditTx stores invites and the audit of who made them.
type inviteAuditTx interface {
	InviteTx
	AuditTx
}

// invite makes and stores an invite inside tx; by is the admin who asked
// for it in a chat ("" from the command line).
func (e *Engine) invite(tx inviteAuditTx, memberID string, now time.Time, by string) (Invite, error) {
	if _, ok := e.cfg.Member(memberID); !ok {
		return Invite{}, fmt.Errorf("bot: invite: no member %q in the roster", memberID)
	}
	inv := Invite{Member: memberID, Created: now, Expires: now.Add(InviteTTL)}
	code, err := e.freshCode(tx)
	if err != nil {
		return Invite{}, err
	}
	inv.Code = code
	if err := tx.PutInvite(inv); err != nil {
		return Invite{}, fmt.Errorf("bot: invite: %w", err)
	}
	detail := "expires " + inv.Expires.UTC().Format(time.RFC3339)
	if by != "" {
		detail += ", made by " + by
	}
	if err := tx.Audit(AuditEntry{At: now, Member: memberID, Action: "invite", Detail: detail}); err != nil {
		return Invite{}, fmt.Errorf("bot: invite: audit: %w", err)
	}
	return inv, nil
}

// freshCode draws a code no stored invite has. A clash is practically
// impossible; the check makes it certain.
func (e *Engine) freshCode(tx InviteTx) (string, error) {
	for range 3 {
		code, err := newInviteCode()
		if err != nil {
			return "", err
		}
		_, err = tx.Invite(code)
		switch {
		case errors.Is(err, ErrNotFound):
			return code, nil
		case err != nil:
			return "", fmt.Errorf("bot: invite: look up code: %w", err)
		}
	}
	return "", errors.New("bot: invite: no unused code after 3 draws")
}
