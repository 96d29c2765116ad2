package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// migrateOutbox is schema version 4: the outbox gets its indexes by chat and
// due time (outindex.go), every pending message's attachment contents move
// to outblobs, stored once by hash (outblobs.go), and dead letters lose
// their attachment contents, keeping name and hash.
func migrateOutbox(btx *bolt.Tx) error {
	t := &tx{btx: btx}
	type row struct {
		k []byte
		o bot.Outgoing
	}
	var rows []row
	err := btx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		o, err := decodeOutgoing(k, v)
		if err != nil {
			return err
		}
		rows = append(rows, row{append([]byte(nil), k...), o})
		return nil
	})
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	for _, r := range rows {
		stored, err := t.holdBlobs(&r.o)
		if err != nil {
			return fmt.Errorf("outbox message %d: %w", r.o.ID, err)
		}
		if err := putJSON(btx.Bucket(bucketOutbox), r.k, &stored); err != nil {
			return fmt.Errorf("outbox message %d: %w", r.o.ID, err)
		}
		if err := t.indexAdd(&stored); err != nil {
			return fmt.Errorf("outbox message %d: index: %w", r.o.ID, err)
		}
	}
	return rewrite(btx.Bucket(bucketDead), func(v []byte) ([]byte, bool, error) {
		var dl bot.DeadLetter
		if err := decode(v, &dl); err != nil {
			return nil, false, err
		}
		changed := false
		for _, a := range dl.Out.Attach {
			changed = changed || len(a.Data) > 0
		}
		if !changed {
			return nil, false, nil
		}
		dl.Out = withoutData(dl.Out)
		nv, err := encode(dl)
		return nv, true, err
	})
}
