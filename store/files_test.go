package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

func TestBlobsAreStoredOnceAndChecked(t *testing.T) {
	db := openTest(t)
	var h1, h2 string
	update(t, db, func(tx bot.Tx) (err error) {
		if h1, err = tx.PutBlob([]byte("ảnh công trình")); err != nil {
			return err
		}
		h2, err = tx.PutBlob([]byte("ảnh công trình"))
		return err
	})
	if h1 != h2 || len(h1) != 64 {
		t.Fatalf("hashes %q and %q, want one 64-digit hash", h1, h2)
	}
	view(t, db, func(tx bot.Tx) error {
		if b, err := tx.Blob(h1); err != nil || string(b) != "ảnh công trình" {
			t.Errorf("Blob = %q, %v", b, err)
		}
		if _, err := tx.Blob("00"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Blob of an unknown hash = %v, want ErrNotFound", err)
		}
		return nil
	})
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketBlobs).Put([]byte(h1), []byte("ảnh công trìnH"))
	})
	if err != nil {
		t.Fatal(err)
	}
	view(t, db, func(tx bot.Tx) error {
		if b, err := tx.Blob(h1); !errors.Is(err, ErrCorrupt) {
			t.Errorf("a damaged blob read as %q, %v; want ErrCorrupt", b, err)
		}
		return nil
	})
}

func TestLinks(t *testing.T) {
	db := openTest(t)
	want := bot.Link{Blob: "ab", Name: "tonghop.xlsx", For: "zalo/u1", Expires: time.Date(2020, 9, 28, 7, 30, 0, 0, time.UTC)}
	update(t, db, func(tx bot.Tx) error { return tx.PutLink("tok", want) })
	view(t, db, func(tx bot.Tx) error {
		if got, err := tx.Link("tok"); err != nil || got != want {
			t.Errorf("Link = %+v, %v; want %+v", got, err, want)
		}
		if _, err := tx.Link("other"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Link of an unknown token = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestGreetedOnce(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		for i, want := range []bool{false, true} {
			if got, err := tx.Greeted("zalo", "u1", at); got != want || err != nil {
				t.Errorf("Greeted call %d = %v, %v; want %v", i, got, err, want)
			}
		}
		if got, _ := tx.Greeted("telegram", "u1", at); got {
			t.Error("greeted on Telegram because of Zalo")
		}
		return nil
	})
	var raw []byte
	_ = db.bolt.View(func(btx *bolt.Tx) error {
		raw = bytes.Clone(btx.Bucket(bucketGreeted).Get([]byte("zalo/u1")))
		return nil
	})
	if string(raw) != "2020-09-16T02:00:00Z" {
		t.Errorf("stored %q", raw)
	}
}
