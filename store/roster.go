package store

import (
	"encoding/binary"

	"fieldbot/bot"
)

// The roster bucket's keys: the roster itself and its stamp (version and
// checksum), kept apart so the engine learns whether the roster changed
// with one small read.
var (
	keyRoster        = []byte("current")
	keyRosterVersion = []byte("version")
)

// RosterVersion is the stored roster's stamp; the zero stamp when there is none.
func (t *tx) RosterVersion() (bot.RosterStamp, error) {
	var v bot.RosterStamp
	if _, err := getJSON(t.bucket(bucketRoster), keyRosterVersion, &v); err != nil {
		return bot.RosterStamp{}, wrap("roster version", err)
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

// PutRoster stores r as the next version of the roster, setting r.Version,
// and its stamp.
func (t *tx) PutRoster(r *bot.Roster) error {
	v, err := t.RosterVersion()
	if err != nil {
		return wrap("put roster", err)
	}
	r.Version = v.Version + 1
	data, err := encode(r)
	if err != nil {
		return wrap("put roster", err)
	}
	b := t.bucket(bucketRoster)
	if err := b.Put(keyRoster, data); err != nil {
		return wrap("put roster", err)
	}
	stamp := bot.RosterStamp{Version: r.Version, Sum: binary.BigEndian.Uint32(data[1:sealedHead])}
	return wrap("put roster version", putJSON(b, keyRosterVersion, stamp))
}
