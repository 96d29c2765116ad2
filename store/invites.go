package store

import (
	"crypto/sha256"

	"fieldbot/bot"
)

// PutInvite stores inv under the SHA-256 of its canonical code. The code is
// not stored, so a copy of the database does not give away live invites.
func (t *tx) PutInvite(inv bot.Invite) error {
	if err := checkLast("invite code", inv.Code); err != nil {
		return wrap("put invite", err)
	}
	if err := checkLast("invite member", inv.Member); err != nil {
		return wrap("put invite", err)
	}
	return wrap("put invite", putJSON(t.bucket(bucketInvites), inviteKey(inv.Code), inv))
}

// Invite returns the invite for a canonical code, with Code set to it, or an
// error matching bot.ErrNotFound.
func (t *tx) Invite(code string) (bot.Invite, error) {
	var inv bot.Invite
	if err := checkLast("invite code", code); err != nil {
		return inv, wrap("invite", err)
	}
	ok, err := getJSON(t.bucket(bucketInvites), inviteKey(code), &inv)
	switch {
	case err != nil:
		return bot.Invite{}, wrap("invite", err)
	case !ok:
		return bot.Invite{}, notFound("invite") // never the code: errors end up in logs
	}
	inv.Code = code
	return inv, nil
}

// inviteKey is the 32-byte SHA-256 of a code.
func inviteKey(code string) []byte {
	sum := sha256.Sum256([]byte(code))
	return sum[:]
}

// Attempts returns the failure record under key; the zero value (and no
// error) when there is none.
func (t *tx) Attempts(key string) (bot.Attempts, error) {
	var a bot.Attempts
	if err := checkLast("attempts key", key); err != nil {
		return a, wrap("attempts", err)
	}
	if _, err := getJSON(t.bucket(bucketAttempts), []byte(key), &a); err != nil {
		return bot.Attempts{}, wrap("attempts "+key, err)
	}
	return a, nil
}

// PutAttempts replaces the failure record under key; the zero value deletes
// it, so records of people who got it right do not pile up.
func (t *tx) PutAttempts(key string, a bot.Attempts) error {
	if err := checkLast("attempts key", key); err != nil {
		return wrap("put attempts", err)
	}
	b := t.bucket(bucketAttempts)
	if a.IsZero() {
		return wrap("put attempts "+key, b.Delete([]byte(key)))
	}
	return wrap("put attempts "+key, putJSON(b, []byte(key), a))
}
