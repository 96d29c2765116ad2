package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration is one step of the schema. Open runs, in order, every migration
// whose version is above the database's, in the transaction that creates the
// buckets of allBuckets (so a migration finds them all), and records the new
// version. A failing migration rolls everything back and Open fails.
type migration struct {
	version uint64
	name    string
	apply   func(*bolt.Tx) error
	// readable: a file at the version before this one reads as it is, its
	// new buckets taken as empty (optionalBuckets), so a read-only Open
	// accepts it without the migration.
	readable bool
}

// migrations is the ordered list of schema steps; versions are 1, 2, 3...
// Append, never edit or reorder, and give each step a test.
var migrations = []migration{
	{version: 1, name: "initial bucket tree", apply: func(*bolt.Tx) error { return nil }},
	{version: 2, name: "identities as records with their private chat; unreachable per identity", apply: migrateIdentities},
	{version: 3, name: "a checksum on every record", apply: migrateChecksums},
	{version: 4, name: "outbox indexed by chat and due time; attachments stored once by hash", apply: migrateOutbox},
	// The roster bucket is made by Open; the new version keeps an older
	// fieldbot, which would read the roster from its YAML, off the file. A
	// version 4 file read read-only has no roster: the YAML's is used, as
	// the version before did.
	{version: 5, name: "the roster (units, members, targets) in the database", apply: func(*bolt.Tx) error { return nil }, readable: true},
}

// schemaVersion is the version this code writes: the last migration's.
func schemaVersion(list []migration) uint64 {
	if len(list) == 0 {
		return 0
	}
	return list[len(list)-1].version
}

// readVersion returns the stored schema version; 0 when there is none (a
// database from before versioning, or a new one).
func readVersion(btx *bolt.Tx) (uint64, error) {
	meta := btx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	data := meta.Get(keyVersion)
	if data == nil {
		return 0, nil
	}
	v, err := readU64(data)
	if err != nil {
		return 0, fmt.Errorf("%w: schema version: %w", ErrCorrupt, err)
	}
	return v, nil
}

// migrate brings the database up to the last version of list.
func migrate(btx *bolt.Tx, list []migration) error {
	have, err := readVersion(btx)
	if err != nil {
		return err
	}
	if want := schemaVersion(list); have > want {
		return newerSchema(have, want)
	}
	for _, m := range list {
		if m.version <= have {
			continue
		}
		if err := m.apply(btx); err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", m.version, m.name, err)
		}
		if err := btx.Bucket(bucketMeta).Put(keyVersion, u64(m.version)); err != nil {
			return fmt.Errorf("migrate to version %d: record version: %w", m.version, err)
		}
	}
	return nil
}

// checkSchema is the read-only form of migrate: the database must be at this
// code's version with every bucket present.
func checkSchema(btx *bolt.Tx) error { return checkSchemaWith(btx, missingBucket, false) }

// checkReadOnly is checkSchema for a file opened read-only, which may lack
// the optional buckets (see optionalBuckets).
func checkReadOnly(btx *bolt.Tx) error { return checkSchemaWith(btx, missingRequired, true) }

// checkSchemaWith is checkSchema with missing naming the absent bucket
// that makes the tree incomplete; older, when a file whose missing steps
// are all readable is accepted.
func checkSchemaWith(btx *bolt.Tx, missing func(*bolt.Tx) string, older bool) error {
	have, err := readVersion(btx)
	if err != nil {
		return err
	}
	want := schemaVersion(migrations)
	switch {
	case have > want:
		return newerSchema(have, want)
	case have < want && !(older && readableFrom(migrations, have)):
		return fmt.Errorf("%w: schema version %d needs migrating to %d: open the database read-write once", ErrOlderSchema, have, want)
	}
	if name := missing(btx); name != "" {
		return fmt.Errorf("%w: bucket %q is missing", ErrCorrupt, name)
	}
	return nil
}

// readableFrom reports whether a file at version have reads as it is: it
// has a version, and every later step of list is readable.
func readableFrom(list []migration, have uint64) bool {
	if have == 0 {
		return false
	}
	for _, m := range list {
		if m.version > have && !m.readable {
			return false
		}
	}
	return true
}

func newerSchema(have, want uint64) error {
	return fmt.Errorf("%w: it has version %d, this fieldbot knows up to %d; run a newer fieldbot",
		ErrNewerSchema, have, want)
}
