package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// Damage is one record that cannot be read as what its bucket holds.
type Damage struct {
	Bucket, Key string
	Err         error
}

func (d Damage) String() string { return fmt.Sprintf("%s/%q: %v", d.Bucket, d.Key, d.Err) }

// Verify is the full check of `fieldbot check --db`, which Open does not
// do: it walks every page of the file and runs bbolt's consistency check (a
// damaged page is an error wrapping ErrCorrupt), then reads every record
// as its bucket's codec does (every checksum, every report, every blob
// against its hash, the outbox's indexes and blob counts against its rows)
// and returns how many it read and the damaged ones. It costs a pass over
// the whole file.
func (db *DB) Verify(ctx context.Context) (int, []Damage, error) {
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	if err := guard(func() error { return db.bolt.View(walkPages) }); err != nil {
		return 0, nil, fmt.Errorf("store: verify: %w", err)
	}
	n := 0
	var damaged []Damage
	err := db.bolt.View(func(btx *bolt.Tx) error {
		for _, name := range allBuckets {
			b := btx.Bucket(name)
			if b == nil {
				continue
			}
			check := recordCheck(name)
			if err := b.ForEach(func(k, v []byte) error {
				n++
				if err := check(k, v); err != nil {
					damaged = append(damaged, Damage{Bucket: string(name), Key: string(k), Err: err})
				}
				return nil
			}); err != nil {
				return err
			}
		}
		damaged = append(damaged, checkOutboxIndexes(btx)...)
		return nil
	})
	if err != nil {
		return n, damaged, fmt.Errorf("store: verify: %w", err)
	}
	return n, damaged, nil
}

// recordCheck is how a record of bucket name is read.
func recordCheck(name []byte) func(k, v []byte) error {
	switch string(name) {
	case string(bucketReports), string(bucketRevisions):
		return func(_, v []byte) error { var r bot.Report; return decodeReport(v, &r) }
	case string(bucketBlobs), string(bucketOutBlobs):
		return func(k, v []byte) error {
			if sum := sha256.Sum256(v); hex.EncodeToString(sum[:]) != string(k) {
				return fmt.Errorf("%w: the content does not match its hash", ErrCorrupt)
			}
			return nil
		}
	case string(bucketUnitPeriods), string(bucketOutChats), string(bucketOutRefs):
		return func(_, v []byte) error { _, err := readU64(v); return err }
	case string(bucketOutKeys):
		return func(_, v []byte) error {
			if len(v) != 8 && len(v) != 16 {
				return fmt.Errorf("%w: a dedupe key record of %d bytes", ErrCorrupt, len(v))
			}
			return nil
		}
	case string(bucketOutDue):
		return func([]byte, []byte) error { return nil } // a chat id: any bytes
	case string(bucketOffsets):
		return func(_, v []byte) error {
			if len(v) != 8 && len(v) != 16 {
				return fmt.Errorf("%w: an offset of %d bytes", ErrCorrupt, len(v))
			}
			return nil
		}
	case string(bucketInbound), string(bucketJobs), string(bucketGreeted):
		return func(_, v []byte) error { _, err := time.Parse(time.RFC3339, string(v)); return err }
	case string(bucketMemberChats), string(bucketMeta):
		return func([]byte, []byte) error { return nil }
	case string(bucketRoster):
		return func(k, v []byte) error {
			if string(k) == string(keyRosterVersion) {
				if len(v) != stampLen {
					return fmt.Errorf("%w: a roster stamp of %d bytes", ErrCorrupt, len(v))
				}
				return nil
			}
			var raw json.RawMessage
			return decode(v, &raw)
		}
	}
	return func(_, v []byte) error { var raw json.RawMessage; return decode(v, &raw) } // the JSON buckets
}
