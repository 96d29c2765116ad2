package store

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// PruneOutbox forgets the dedupe keys (outkeys) of messages made more than
// keep before now that are no longer pending, and the dead letters older
// than keep. A key whose time is not known (written before keys carried
// one, or for a message without Created) is stamped with now, so it goes
// keep after the first prune that meets it. It returns how many records
// went.
func (t *tx) PruneOutbox(now time.Time, keep time.Duration) (int, error) {
	before := now.Add(-keep)
	keys, box := t.bucket(bucketOutKeys), t.bucket(bucketOutbox)
	var old, stamp [][]byte
	err := keys.ForEach(func(k, v []byte) error {
		if len(v) < 8 {
			return nil // damaged: kept for `check` to name, never taken for an old key
		}
		if box.Get(v[:8]) != nil {
			return nil // still pending: the key is what keeps it unique
		}
		switch {
		case len(v) != 16:
			stamp = append(stamp, bytes.Clone(k))
		case time.Unix(0, int64(binary.BigEndian.Uint64(v[8:]))).Before(before):
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune outbox keys", err)
	}
	for _, k := range stamp {
		id := bytes.Clone(keys.Get(k)[:8])
		if err := keys.Put(k, binary.BigEndian.AppendUint64(id, uint64(now.UnixNano()))); err != nil {
			return 0, wrap("prune outbox keys: stamp", err)
		}
	}
	if err := deleteKeys(keys, old); err != nil {
		return 0, wrap("prune outbox keys", err)
	}
	var dead [][]byte
	err = t.bucket(bucketDead).ForEach(func(k, v []byte) error {
		dl, err := decodeDead(k, v)
		if err != nil {
			return nil // damaged: kept for `check` to name
		}
		if dl.At.Before(before) {
			dead = append(dead, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune dead letters", err)
	}
	if err := deleteKeys(t.bucket(bucketDead), dead); err != nil {
		return 0, wrap("prune dead letters", err)
	}
	return len(old) + len(dead), nil
}

// PruneJobs forgets the job records (JobRan) of runs before before; an
// unreadable time is kept, for `check` to name.
func (t *tx) PruneJobs(before time.Time) (int, error) {
	b := t.bucket(bucketJobs)
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if at, err := time.Parse(time.RFC3339, string(v)); err == nil && at.Before(before) {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune jobs", err)
	}
	return len(old), wrap("prune jobs", deleteKeys(b, old))
}

// PruneReopenings forgets the reopenings (/molai) that ended before
// before: one past its Until lets nothing be saved, and none is read again.
// A damaged record is kept, for `check` to name.
func (t *tx) PruneReopenings(before time.Time) (int, error) {
	b := t.bucket(bucketReopened)
	if b == nil {
		return 0, nil // a file of the version before: there are none
	}
	var old [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var r bot.Reopening
		if err := decode(v, &r); err == nil && r.Until.Before(before) {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("prune reopenings", err)
	}
	return len(old), wrap("prune reopenings", deleteKeys(b, old))
}

// deleteKeys deletes keys from b (after a walk: never while iterating).
func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
