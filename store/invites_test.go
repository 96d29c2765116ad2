package store

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

func TestInviteRoundTrip(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	inv := bot.Invite{Code: "K7XMQ2PR9DHT", Member: "lan", Created: at, Expires: at.Add(bot.InviteTTL)}
	update(t, db, func(tx bot.Tx) error {
		if _, err := tx.Invite(inv.Code); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Invite before Put = %v, want ErrNotFound", err)
		}
		return tx.PutInvite(inv)
	})
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Invite(inv.Code)
		if err != nil || !reflect.DeepEqual(got, inv) {
			t.Errorf("Invite = %+v, %v; want %+v", got, err, inv)
		}
		if _, err := tx.Invite("K7XMQ2PR9DHU"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Invite of another code = %v, want ErrNotFound", err)
		}
		return nil
	})
	inv.UsedBy, inv.UsedAt = "telegram/42", at.Add(time.Hour)
	update(t, db, func(tx bot.Tx) error { return tx.PutInvite(inv) })
	view(t, db, func(tx bot.Tx) error {
		if got, err := tx.Invite(inv.Code); err != nil || !reflect.DeepEqual(got, inv) || !got.Used() {
			t.Errorf("Invite after marking used = %+v, %v; want %+v", got, err, inv)
		}
		return nil
	})
}

// TestInviteCodeIsNotStored: the file holds a hash of the code, never the
// code, so a copy of the database gives away no live invite.
func TestInviteCodeIsNotStored(t *testing.T) {
	db := openTest(t)
	code := "K7XMQ2PR9DHT"
	update(t, db, func(tx bot.Tx) error {
		return tx.PutInvite(bot.Invite{Code: code, Member: "lan", Expires: time.Now().Add(time.Hour)})
	})
	n := 0
	err := db.bolt.View(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketInvites).ForEach(func(k, v []byte) error {
			n++
			if len(k) != 32 || bytes.Contains(k, []byte(code)) || bytes.Contains(v, []byte(code)) {
				t.Errorf("invites holds %q → %s; want a 32-byte hash key and no code", k, v)
			}
			return nil
		})
	})
	if err != nil || n != 1 {
		t.Fatalf("invites: %d records, %v; want 1", n, err)
	}
}

func TestInviteRefusesEmptyFields(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		if err := tx.PutInvite(bot.Invite{Member: "lan"}); err == nil {
			t.Error("PutInvite without a code succeeded")
		}
		if err := tx.PutInvite(bot.Invite{Code: "K7XMQ2PR9DHT"}); err == nil {
			t.Error("PutInvite without a member succeeded")
		}
		if _, err := tx.Invite(""); err == nil || errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Invite(\"\") = %v, want a key error", err)
		}
		return nil
	})
}

func TestAttempts(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	key := "invite/telegram/42"
	want := bot.Attempts{Failures: []time.Time{at, at.Add(time.Minute)}, LockedUntil: at.Add(time.Hour)}
	update(t, db, func(tx bot.Tx) error {
		if a, err := tx.Attempts(key); err != nil || !a.IsZero() {
			t.Errorf("Attempts of a new key = %+v, %v; want zero, nil", a, err)
		}
		return tx.PutAttempts(key, want)
	})
	view(t, db, func(tx bot.Tx) error {
		if a, err := tx.Attempts(key); err != nil || !reflect.DeepEqual(a, want) {
			t.Errorf("Attempts = %+v, %v; want %+v", a, err, want)
		}
		if a, _ := tx.Attempts("invite/telegram/43"); !a.IsZero() {
			t.Errorf("another key's attempts = %+v, want zero", a)
		}
		if _, err := tx.Attempts(""); err == nil {
			t.Error("Attempts(\"\") succeeded")
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error { return tx.PutAttempts(key, bot.Attempts{}) })
	err := db.bolt.View(func(btx *bolt.Tx) error {
		if k, _ := btx.Bucket(bucketAttempts).Cursor().First(); k != nil {
			t.Errorf("a zero record was kept under %q", k)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVersion1GainsNewBuckets: a version 1 file written before invites and
// attempts existed gets their buckets when opened read-write, with its data
// intact and no new schema version.
func TestVersion1GainsNewBuckets(t *testing.T) {
	path := rawDB(t, func(btx *bolt.Tx) error {
		for _, name := range allBuckets {
			if bytes.Equal(name, bucketInvites) || bytes.Equal(name, bucketAttempts) {
				continue
			}
			if _, err := btx.CreateBucket(name); err != nil {
				return err
			}
		}
		if err := btx.Bucket(bucketMeta).Put(keyVersion, u64(1)); err != nil {
			return err
		}
		return btx.Bucket(bucketIdentities).Put([]byte("telegram/42"), []byte("lan"))
	})
	db := openAt(t, path, Options{})
	if v := storedVersion(t, db); v != schemaVersion(migrations) {
		t.Errorf("version = %d, want %d", v, schemaVersion(migrations))
	}
	update(t, db, func(tx bot.Tx) error {
		if m, err := tx.Identity("telegram", "42"); m.Member != "lan" || err != nil {
			t.Errorf("Identity = %+v, %v; want lan", m, err)
		}
		if err := tx.PutAttempts("invite/telegram/42", bot.Attempts{Failures: []time.Time{time.Now()}}); err != nil {
			return err
		}
		return tx.PutInvite(bot.Invite{Code: "K7XMQ2PR9DHT", Member: "lan"})
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro := openAt(t, path, Options{ReadOnly: true})
	view(t, ro, func(tx bot.Tx) error {
		_, err := tx.Invite("K7XMQ2PR9DHT")
		return err
	})
}
