package store

import (
	"fieldbot/bot"
)

// The roster bucket's keys: the roster itself and its version counter, kept
// apart so the engine learns whether the roster changed with one read.
var (
	keyRoster        = []byte("current")
	keyRosterVersion = []byte("version")
)

// RosterVersion is the stored roster's version; 0 when there is none.
func (t *tx) RosterVersion() (uint64, error) {
	var v uint64
	if _, err := getJSON(t.bucket(bucketRoster), keyRosterVersion, &v); err != nil {
		return 0, wrap("roster version", err)
	}
	return v, nil
}

// Roster returns the stored roster, or bot.ErrNotFound.
func (t *tx) Roster() (*bot.Roster, error) {
	var r bot.Roster
	ok, err := getJSON(t.bucket(bucketRoster), keyRoster, &r)
	switch {
	case err != nil:
		return nil, wrap("roster", err)
	case !ok:
		return nil, notFound("roster")
	}
	return &r, nil
}

// PutRoster stores r as the next version of the roster, setting r.Version.
func (t *tx) PutRoster(r *bot.Roster) error {
	v, err := t.RosterVersion()
	if err != nil {
		return wrap("put roster", err)
	}
	r.Version = v + 1
	b := t.bucket(bucketRoster)
	if err := putJSON(b, keyRoster, r); err != nil {
		return wrap("put roster", err)
	}
	return wrap("put roster version", putJSON(b, keyRosterVersion, r.Version))
}
