package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// rawDB creates a bbolt file outside Open, prepared by fn, and returns its path.
func rawDB(t *testing.T, fn func(*bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// storedVersion reads the schema version of an open DB.
func storedVersion(t *testing.T, db *DB) uint64 {
	t.Helper()
	var v uint64
	err := db.bolt.View(func(btx *bolt.Tx) (err error) { v, err = readVersion(btx); return err })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrationListIsOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.version != uint64(i+1) || m.name == "" || m.apply == nil {
			t.Errorf("migrations[%d] = version %d %q; want version %d, a name and a func", i, m.version, m.name, i+1)
		}
	}
}

// TestMigrateV0ToV1: a database from before versioning (our buckets, data, no
// meta) opens at version 1 with its data intact.
func TestMigrateV0ToV1(t *testing.T) {
	path := rawDB(t, func(btx *bolt.Tx) error {
		b, err := btx.CreateBucket(bucketOffsets)
		if err != nil {
			return err
		}
		return b.Put([]byte("telegram"), u64(41))
	})
	db := openAt(t, path, Options{})
	if v := storedVersion(t, db); v != schemaVersion(migrations) {
		t.Errorf("version after Open = %d, want %d", v, schemaVersion(migrations))
	}
	view(t, db, func(tx bot.Tx) error {
		if n, err := tx.Offset("telegram"); n != 41 || err != nil {
			t.Errorf("Offset = %d, %v; want 41", n, err)
		}
		return nil
	})
}

func TestMigrateRunsPendingInOrder(t *testing.T) {
	var ran []uint64
	step := func(v uint64) migration {
		return migration{version: v, name: "step", apply: func(*bolt.Tx) error { ran = append(ran, v); return nil }}
	}
	list := []migration{step(1), step(2), step(3)}
	tests := []struct {
		from uint64
		want []uint64
	}{
		{0, []uint64{1, 2, 3}},
		{1, []uint64{2, 3}},
		{3, nil},
	}
	for _, tt := range tests {
		ran = nil
		path := rawDB(t, func(btx *bolt.Tx) error {
			if err := createBuckets(btx); err != nil || tt.from == 0 {
				return err
			}
			return btx.Bucket(bucketMeta).Put(keyVersion, u64(tt.from))
		})
		raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		err = raw.Update(func(btx *bolt.Tx) error { return migrate(btx, list) })
		var v uint64
		_ = raw.View(func(btx *bolt.Tx) (err error) { v, err = readVersion(btx); return err })
		raw.Close()
		if err != nil || v != 3 || !slices.Equal(ran, tt.want) {
			t.Errorf("from %d: ran %v, version %d, err %v; want ran %v, version 3", tt.from, ran, v, err, tt.want)
		}
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	path := rawDB(t, createBuckets)
	raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	boom := errors.New("boom")
	list := []migration{
		{version: 1, name: "ok", apply: func(btx *bolt.Tx) error { return btx.Bucket(bucketOffsets).Put([]byte("x"), u64(1)) }},
		{version: 2, name: "broken", apply: func(*bolt.Tx) error { return boom }},
	}
	err = raw.Update(func(btx *bolt.Tx) error { return migrate(btx, list) })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "version 2 (broken)") {
		t.Errorf("migrate = %v; want boom, naming version 2", err)
	}
	_ = raw.View(func(btx *bolt.Tx) error {
		v, _ := readVersion(btx)
		if v != 0 || btx.Bucket(bucketOffsets).Get([]byte("x")) != nil {
			t.Errorf("after a failed migration: version %d, step 1's write kept; want all rolled back", v)
		}
		return nil
	})
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	newer := schemaVersion(migrations) + 1
	path := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		return btx.Bucket(bucketMeta).Put(keyVersion, u64(newer))
	})
	for _, opts := range []Options{{}, {ReadOnly: true}} {
		db, err := Open(path, opts)
		if err == nil {
			db.Close()
			t.Fatalf("Open(%+v) of a version %d database succeeded", opts, newer)
		}
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%+v) = %v; want ErrNewerSchema naming the path", opts, err)
		}
	}
}

func TestOpenReadOnlyNeedsMigration(t *testing.T) {
	path := rawDB(t, createBuckets) // version 0
	if _, err := Open(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "needs migrating") {
		t.Errorf("read-only Open of a version 0 database = %v; want a migration error", err)
	}
}

func TestOpenBadVersionValue(t *testing.T) {
	path := rawDB(t, func(btx *bolt.Tx) error {
		b, err := btx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keyVersion, []byte("1"))
	})
	if _, err := Open(path, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open with a 1-byte version = %v; want ErrCorrupt", err)
	}
}

func TestOpenCurrentSchemaDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	txid := func() int {
		raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var id int
		_ = raw.View(func(btx *bolt.Tx) error { id = btx.ID(); return nil })
		return id
	}
	for range 2 {
		if err := openAt(t, path, Options{}).Close(); err != nil {
			t.Fatal(err)
		}
	}
	before := txid()
	if err := openAt(t, path, Options{}).Close(); err != nil {
		t.Fatal(err)
	}
	if after := txid(); after != before {
		t.Errorf("Open of a current database committed (txid %d → %d)", before, after)
	}
}

// TestMigrateV1ToV2Identities: version 1 kept an identity as the bare member
// id, "unreachable" once per member, and dead letters without a cause;
// version 2 has identity records with their private chat, the mark on each of
// the member's accounts, and a cause on every dead letter.
func TestMigrateV1ToV2Identities(t *testing.T) {
	path := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		put := func(bucket []byte, k, v string) error { return btx.Bucket(bucket).Put([]byte(k), []byte(v)) }
		dead, err := encode(bot.DeadLetter{Out: bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: "42"}},
			Reason: "send: permanent: telegram: send message: Forbidden: bot was blocked by the user"})
		if err != nil {
			return err
		}
		return errors.Join(
			btx.Bucket(bucketMeta).Put(keyVersion, u64(1)),
			put(bucketIdentities, "telegram/42", "lan"),
			put(bucketIdentities, "console/lan", "lan"),
			put(bucketIdentities, "telegram/43", "hoa"),
			put(bucketMemberChats, "lan/telegram/42", ""),
			put(bucketMemberChats, "lan/console/lan", ""),
			put(bucketMemberChats, "hoa/telegram/43", ""),
			put(bucketMembers, "lan", `{"lang":"en","unreachable":"send: permanent: telegram: Forbidden: bot was blocked by the user"}`),
			put(bucketMembers, "hoa", `{"unreachable":""}`), // an empty mark is no mark
			btx.Bucket(bucketDead).Put(u64(1), dead),
		)
	})
	db := openAt(t, path, Options{})
	if v := storedVersion(t, db); v != schemaVersion(migrations) {
		t.Fatalf("version = %d, want %d", v, schemaVersion(migrations))
	}
	view(t, db, func(tx bot.Tx) error {
		ids, err := tx.IdentitiesOf("lan")
		want := []bot.Identity{
			{Channel: "console", UserID: "lan", Member: "lan", Chat: "lan"}, // the console never refused
			{Channel: "telegram", UserID: "42", Member: "lan", Chat: "42", Unreachable: bot.ReasonBlocked},
		}
		if err != nil || !slices.Equal(ids, want) {
			t.Errorf("lan's accounts = %+v, %v; want %+v", ids, err, want)
		}
		if id, err := tx.Identity("telegram", "43"); err != nil || id.Member != "hoa" || id.Chat != "43" || id.Unreachable != "" {
			t.Errorf("hoa's account = %+v, %v; want bound, reachable", id, err)
		}
		if st, err := tx.MemberState("lan"); err != nil || st != (bot.MemberState{Lang: "en"}) {
			t.Errorf("member state = %+v, %v; want the language kept", st, err)
		}
		dl, err := tx.DeadLetters(time.Time{})
		if err != nil || len(dl) != 1 || dl[0].Cause != bot.ReasonBlocked || !strings.Contains(dl[0].Reason, "blocked") {
			t.Errorf("dead letters = %+v, %v; want the cause read from the old text", dl, err)
		}
		return nil
	})
	var raw []byte
	_ = db.bolt.View(func(btx *bolt.Tx) error { raw = bytes.Clone(btx.Bucket(bucketMembers).Get([]byte("lan"))); return nil })
	if strings.Contains(string(raw), "unreachable") {
		t.Errorf("member state still holds the old mark: %s", raw)
	}
}

// TestOpenReadOnlySchema4: a version 4 file (no roster bucket) opens
// read-only as it is, with no roster; a version 3 one still needs the
// migration.
func TestOpenReadOnlySchema4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	setRaw := func(version uint64) {
		b, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if err := b.Update(func(btx *bolt.Tx) error {
			if btx.Bucket(bucketRoster) != nil {
				if err := btx.DeleteBucket(bucketRoster); err != nil {
					return err
				}
			}
			return btx.Bucket(bucketMeta).Put(keyVersion, u64(version))
		}); err != nil {
			t.Fatal(err)
		}
	}
	setRaw(4)
	db, err = Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open of a version 4 file: %v", err)
	}
	err = db.View(context.Background(), func(tx bot.Tx) error {
		if _, err := tx.Roster(); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Roster() = %v; want ErrNotFound", err)
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	setRaw(3)
	if _, err := Open(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "needs migrating") {
		t.Errorf("read-only Open of a version 3 file = %v; want a migration error", err)
	}
}
