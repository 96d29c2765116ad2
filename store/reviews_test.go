package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// TestReviewsRoundTrip: a review record is read back with every change
// after a reopen; a period's records are listed by unit and only that
// period's; a missing one is bot.ErrNotFound; a bad key part is refused.
func TestReviewsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path, Options{NoSync: true})
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	recs := []*bot.ReviewRecord{
		{Period: "2020-W38", Unit: "ban-thi", Changes: []bot.StateChange{
			{State: bot.StateReturned, Seq: 1, By: "chair", At: at, Reason: "Số hộ chưa khớp"},
			{State: bot.StateApproved, Seq: 2, By: "office", At: at.Add(time.Hour)}}},
		{Period: "2020-W38", Unit: "an-binh", Changes: []bot.StateChange{{State: bot.StateApproved, Seq: 1, By: "chair", At: at}}},
		{Period: "2020-W39", Unit: "an-binh", Changes: []bot.StateChange{{State: bot.StateApproved, Seq: 1, By: "chair", At: at}}},
	}
	update(t, db, func(tx bot.Tx) error {
		for _, r := range recs {
			if err := tx.PutReview(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{NoSync: true})
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Review("2020-W38", "ban-thi")
		if err != nil {
			return err
		}
		if len(got.Changes) != 2 || got.Changes[0].Reason != "Số hộ chưa khớp" || got.StateOf(2) != bot.StateApproved ||
			got.StateOf(3) != bot.StateSubmitted || !got.Changes[1].At.Equal(at.Add(time.Hour)) {
			t.Errorf("read back %+v", got)
		}
		list, err := tx.PeriodReviews("2020-W38")
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].Unit != "an-binh" || list[1].Unit != "ban-thi" {
			t.Errorf("period reviews %+v", list)
		}
		if _, err := tx.Review("2020-W38", "cao-son"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("missing review: %v", err)
		}
		if _, err := tx.Review("2020-W38", "a/b"); err == nil || errors.Is(err, bot.ErrNotFound) {
			t.Errorf("a unit with a slash: %v", err)
		}
		return nil
	})
}

// TestReviewsDamagedRecord: a flipped byte in a review record is an
// ErrCorrupt naming it, never a wrong state.
func TestReviewsDamagedRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path, Options{NoSync: true})
	update(t, db, func(tx bot.Tx) error {
		return tx.PutReview(&bot.ReviewRecord{Period: "2020-W38", Unit: "ban-thi",
			Changes: []bot.StateChange{{State: bot.StateApproved, Seq: 1, By: "chair"}}})
	})
	db.Close()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(btx *bolt.Tx) error {
		bk := btx.Bucket(bucketReviews)
		v := append([]byte(nil), bk.Get([]byte("2020-W38/ban-thi"))...)
		v[len(v)-3] ^= 0x20
		return bk.Put([]byte("2020-W38/ban-thi"), v)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{NoSync: true})
	_ = db.View(t.Context(), func(tx bot.Tx) error {
		if _, err := tx.Review("2020-W38", "ban-thi"); !errors.Is(err, ErrCorrupt) {
			t.Errorf("damaged review: %v", err)
		}
		if _, err := tx.PeriodReviews("2020-W38"); !errors.Is(err, ErrCorrupt) {
			t.Errorf("damaged review in a period scan: %v", err)
		}
		return nil
	})
}

// TestReviewsBucketAddedLater: a file written before the reviews bucket
// existed opens read-only (no review anywhere), and read-write gains it.
func TestReviewsBucketAddedLater(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot.db")
	db := openAt(t, path, Options{NoSync: true})
	db.Close()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(btx *bolt.Tx) error { return btx.DeleteBucket(bucketReviews) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	ro := openAt(t, path, Options{ReadOnly: true})
	view(t, ro, func(tx bot.Tx) error {
		if _, err := tx.Review("2020-W38", "ban-thi"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("review in a file without the bucket: %v", err)
		}
		list, err := tx.PeriodReviews("2020-W38")
		if err != nil || len(list) != 0 {
			t.Errorf("period reviews in a file without the bucket: %v %v", list, err)
		}
		return nil
	})
	ro.Close()
	rw := openAt(t, path, Options{NoSync: true})
	update(t, rw, func(tx bot.Tx) error {
		return tx.PutReview(&bot.ReviewRecord{Period: "2020-W38", Unit: "ban-thi", Changes: []bot.StateChange{{State: bot.StateApproved, Seq: 1}}})
	})
}
