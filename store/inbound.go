package store

import (
	"bytes"
	"encoding/binary"
	"time"

	"fieldbot/bot"
)

// The offsets bucket holds, per channel, the last processed update number
// (8 bytes) followed by the platform time of the newest update seen (8 bytes
// of Unix nanoseconds; absent in databases written before it existed).

// Offset is a channel's last processed update number; 0 for a channel never
// seen.
func (t *tx) Offset(channel string) (uint64, error) {
	seq, _, err := t.offsetRecord("offset", channel)
	return seq, err
}

// SetOffset records a channel's last processed update number.
func (t *tx) SetOffset(channel string, seq uint64) error {
	_, at, err := t.offsetRecord("set offset", channel)
	if err != nil {
		return err
	}
	return t.putOffset(channel, seq, at)
}

// InboundTime is the platform time of the newest update seen on channel;
// zero when unknown.
func (t *tx) InboundTime(channel string) (time.Time, error) {
	_, at, err := t.offsetRecord("inbound time", channel)
	return at, err
}

// SetInboundTime records the platform time of the newest update seen.
func (t *tx) SetInboundTime(channel string, at time.Time) error {
	seq, _, err := t.offsetRecord("set inbound time", channel)
	if err != nil {
		return err
	}
	return t.putOffset(channel, seq, at)
}

// offsetRecord reads a channel's offset record.
func (t *tx) offsetRecord(op, channel string) (uint64, time.Time, error) {
	if err := checkLast("channel", channel); err != nil {
		return 0, time.Time{}, wrap(op, err)
	}
	v := t.bucket(bucketOffsets).Get([]byte(channel))
	if v == nil {
		return 0, time.Time{}, nil
	}
	seq, err := readU64(v[:min(len(v), 8)])
	if err != nil {
		return 0, time.Time{}, wrap(op+" "+channel, err)
	}
	var at time.Time
	if len(v) == 16 {
		at = time.Unix(0, int64(binary.BigEndian.Uint64(v[8:]))).UTC()
	}
	return seq, at, nil
}

// putOffset writes a channel's offset record.
func (t *tx) putOffset(channel string, seq uint64, at time.Time) error {
	v := u64(seq)
	if !at.IsZero() {
		v = binary.BigEndian.AppendUint64(v, uint64(at.UnixNano()))
	}
	return wrap("set offset "+channel, t.bucket(bucketOffsets).Put([]byte(channel), v))
}

// SeenInbound reports whether an inbound dedupe key was recorded before; if
// not, it records it with the time at (RFC3339, UTC). Recorded keys are kept.
func (t *tx) SeenInbound(channel, key string, at time.Time) (bool, error) {
	if err := checkParts("channel", channel); err != nil {
		return false, wrap("seen inbound", err)
	}
	if err := checkLast("inbound key", key); err != nil {
		return false, wrap("seen inbound", err)
	}
	b, k := t.bucket(bucketInbound), []byte(channel+"/"+key)
	if b.Get(k) != nil {
		return true, nil
	}
	return false, wrap("seen inbound "+channel, b.Put(k, []byte(at.UTC().Format(time.RFC3339))))
}

// PruneInbound forgets the dedupe keys recorded before before (a platform
// redelivers within minutes; a key older than the retention cannot come
// back) and the file links that expired before it; it returns how many
// records went.
func (t *tx) PruneInbound(before time.Time) (int, error) {
	var old [][]byte
	err := t.bucket(bucketInbound).ForEach(func(k, v []byte) error {
		at, err := time.Parse(time.RFC3339, string(v))
		if err != nil || at.Before(before) { // an unreadable time is no reason to keep a key
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune inbound", err)
	}
	var links [][]byte
	err = t.bucket(bucketLinks).ForEach(func(k, v []byte) error {
		var l bot.Link
		if err := decode(v, &l); err != nil || l.Expires.Before(before) {
			links = append(links, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune links", err)
	}
	for _, k := range old { // never delete while iterating a cursor
		if err := t.bucket(bucketInbound).Delete(k); err != nil {
			return 0, wrap("prune inbound", err)
		}
	}
	for _, k := range links {
		if err := t.bucket(bucketLinks).Delete(k); err != nil {
			return 0, wrap("prune links", err)
		}
	}
	return len(old) + len(links), nil
}
