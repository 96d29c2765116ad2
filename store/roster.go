package store

import (
	"encoding/binary"
	"fmt"

	"fieldbot/bot"
)

// The roster bucket's keys: the roster itself and its stamp (version and
// checksum), kept apart so the engine learns whether the roster changed
// with one small read.
var (
	keyRoster        = []byte("current")
	keyRosterVersion = []byte("version")
)

// stampLen is the stamp's record: the 8-byte big-endian version, then the
// 4-byte checksum of the roster record (itself a checksum: no seal).
const stampLen = 12

// RosterVersion is the stored roster's stamp; the zero stamp when there is
// none. It decodes nothing: every engine transaction reads it.
func (t *tx) RosterVersion() (bot.RosterStamp, error) {
	b := t.bucket(bucketRoster)
	if b == nil { // not made yet (a file opened read-only): no roster
		return bot.RosterStamp{}, nil
	}
	data := b.Get(keyRosterVersion)
	switch {
	case data == nil:
		return bot.RosterStamp{}, nil
	case len(data) != stampLen:
		return bot.RosterStamp{}, wrap("roster version", fmt.Errorf("%w: a stamp of %d bytes", ErrCorrupt, len(data)))
	}
	return bot.RosterStamp{Version: binary.BigEndian.Uint64(data), Sum: binary.BigEndian.Uint32(data[8:])}, nil
}

// Roster returns the stored roster, or bot.ErrNotFound.
func (t *tx) Roster() (*bot.Roster, error) {
	var r bot.Roster
	b := t.bucket(bucketRoster)
	if b == nil {
		return nil, notFound("roster")
	}
	ok, err := getJSON(b, keyRoster, &r)
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
	stamp := binary.BigEndian.AppendUint64(nil, r.Version)
	stamp = append(stamp, data[1:sealedHead]...) // the roster record's CRC-32C
	return wrap("put roster version", b.Put(keyRosterVersion, stamp))
}
