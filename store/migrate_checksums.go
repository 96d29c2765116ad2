package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// jsonBuckets hold JSON records (encode/decode).
var jsonBuckets = [][]byte{bucketIdentities, bucketMembers, bucketSessions, bucketOutbox, bucketDead,
	bucketAudit, bucketInvites, bucketAttempts, bucketLinks}

// migrateChecksums is schema version 3: every JSON record and every report
// written before records were sealed gets its checksum, so that from now on
// a damaged record is found when it is read.
func migrateChecksums(btx *bolt.Tx) error {
	for _, name := range jsonBuckets {
		if err := rewrite(btx.Bucket(name), func(v []byte) ([]byte, bool, error) {
			if len(v) == 0 || v[0] != '{' {
				return nil, false, nil // sealed already (written by version 2's migration)
			}
			return seal(sealedJSON, v), true, nil
		}); err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
	}
	for _, name := range [][]byte{bucketReports, bucketRevisions} {
		if err := rewrite(btx.Bucket(name), func(v []byte) ([]byte, bool, error) {
			if len(v) > 0 && v[0] == reportV2 {
				return nil, false, nil
			}
			var r bot.Report
			if err := decodeReport(v, &r); err != nil {
				return nil, false, err
			}
			return encodeReport(&r), true, nil
		}); err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
	}
	return nil
}

// rewrite replaces each value of b that change says to, after the walk
// (never while iterating a cursor).
func rewrite(b *bolt.Bucket, change func(v []byte) ([]byte, bool, error)) error {
	type row struct{ k, v []byte }
	var rows []row
	err := b.ForEach(func(k, v []byte) error {
		nv, ok, err := change(v)
		if err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		if ok {
			rows = append(rows, row{append([]byte(nil), k...), nv})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := b.Put(r.k, r.v); err != nil {
			return err
		}
	}
	return nil
}
