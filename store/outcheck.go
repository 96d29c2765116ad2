package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// checkOutboxIndexes rebuilds what outchats, outdue, outrefs and outblobs
// must hold from the outbox rows and returns every entry that differs: a
// missing, extra or wrong index entry or count, a content no row refers to
// or one that is missing. Rows that cannot be read are left to the record
// check.
func checkOutboxIndexes(btx *bolt.Tx) []Damage {
	wantChats, wantDue := map[string][]byte{}, map[string][]byte{}
	wantRefs := map[string]uint64{}
	heads := map[string]bool{}
	_ = btx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error { // ID order: a chat's first comes first
		o, err := decodeOutgoing(k, v)
		if err != nil {
			return nil
		}
		due := dueOf(&o)
		wantChats[string(chatKey(o.Chat, o.ID))] = u64(due)
		if !heads[o.Chat.Key()] {
			heads[o.Chat.Key()] = true
			wantDue[string(dueKey(o.Chat.Channel, due, o.ID))] = []byte(o.Chat.ChatID)
		}
		for _, a := range o.Attach {
			if a.Hash != "" && len(a.Data) == 0 {
				wantRefs[a.Hash]++
			}
		}
		return nil
	})
	refs := map[string][]byte{}
	for h, n := range wantRefs {
		refs[h] = u64(n)
	}
	var damaged []Damage
	damaged = append(damaged, compareBucket(btx, bucketOutChats, wantChats, true)...)
	damaged = append(damaged, compareBucket(btx, bucketOutDue, wantDue, true)...)
	damaged = append(damaged, compareBucket(btx, bucketOutRefs, refs, true)...)
	return append(damaged, compareBucket(btx, bucketOutBlobs, refs, false)...)
}

// compareBucket lists how bucket name differs from want: keys missing,
// keys not wanted, and (when values is set) values not as wanted.
func compareBucket(btx *bolt.Tx, name []byte, want map[string][]byte, values bool) []Damage {
	var damaged []Damage
	bad := func(k []byte, format string, args ...any) {
		damaged = append(damaged, Damage{Bucket: string(name), Key: string(k),
			Err: fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))})
	}
	seen := map[string]bool{}
	_ = btx.Bucket(name).ForEach(func(k, v []byte) error {
		w, ok := want[string(k)]
		switch {
		case !ok:
			bad(k, "no outbox message needs this entry")
		case values && !bytes.Equal(v, w):
			bad(k, "entry %x, the outbox says %x", v, w)
		}
		seen[string(k)] = true
		return nil
	})
	for k := range want {
		if !seen[k] {
			bad([]byte(k), "missing entry (the outbox needs %x)", want[k])
		}
	}
	return damaged
}
