package store

import (
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// BenchmarkPutReport stores one report revision per Update, fsync on.
func BenchmarkPutReport(b *testing.B) {
	db := openAt(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	i := 0
	for b.Loop() {
		r := report("2020-W38", fmt.Sprintf("unit-%02d", i%50), float64(i))
		if err := db.Update(b.Context(), func(tx bot.Tx) error { return tx.PutReport(r) }); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCommitSinglePut is the raw bbolt commit rate: one 8-byte put per
// read-write transaction, fsync on. Batching work compares against it.
func BenchmarkCommitSinglePut(b *testing.B) {
	db := openAt(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	var n uint64
	for b.Loop() {
		n++
		err := db.bolt.Update(func(btx *bolt.Tx) error {
			return btx.Bucket(bucketOffsets).Put([]byte("telegram"), u64(n))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen measures Open on a database of 10,000 report revisions, most
// of it the consistency check that reads every page.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db := openAt(b, path, Options{NoSync: true})
	for w := range 100 {
		update(b, db, func(tx bot.Tx) error {
			for u := range 100 {
				if err := tx.PutReport(report(fmt.Sprintf("2020-W%02d", w%52+1), fmt.Sprintf("unit-%03d", u), 1)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
