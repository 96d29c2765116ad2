package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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

// BenchmarkOpen measures Open on a database of 10,000 report revisions.
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

// TestMain removes the large files the benchmarks built.
func TestMain(m *testing.M) {
	code := m.Run()
	bigFiles.Lock()
	if bigFiles.dir != "" {
		_ = os.RemoveAll(bigFiles.dir)
	}
	bigFiles.Unlock()
	os.Exit(code)
}

// bigFiles are the database files built by bigFile, kept for the whole run
// so that -count=3 builds each once.
var bigFiles struct {
	sync.Mutex
	dir   string
	paths map[int64]string
}

// bigFile is a database of at least size bytes: a year of weekly reports
// (20 figures and a paragraph of text each) of as many units as it takes.
func bigFile(b *testing.B, size int64) string {
	bigFiles.Lock()
	defer bigFiles.Unlock()
	if p, ok := bigFiles.paths[size]; ok {
		return p
	}
	if bigFiles.dir == "" {
		dir, err := os.MkdirTemp("", "fieldbot-bench-")
		if err != nil {
			b.Fatal(err)
		}
		bigFiles.dir, bigFiles.paths = dir, map[int64]string{}
	}
	path := filepath.Join(bigFiles.dir, fmt.Sprintf("%d.db", size))
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Khó khăn về mặt bằng thi công, vốn đối ứng chưa bố trí kịp. ", 10)
	for unit := 0; ; unit += 100 {
		update(b, db, func(tx bot.Tx) error {
			for u := unit; u < unit+100; u++ {
				for w := 1; w <= 52; w++ {
					r := report(fmt.Sprintf("2020-W%02d", w), fmt.Sprintf("u%05d", u), float64(w))
					for f := range 20 {
						r.Values["f"+strconv.Itoa(f)] = bot.Value{Num: float64(u*f + w)}
					}
					r.Values["note"] = bot.Value{Text: text}
					if err := tx.PutReport(r); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if fi, err := os.Stat(path); err != nil {
			b.Fatal(err)
		} else if fi.Size() >= size {
			break
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	bigFiles.paths[size] = path
	return path
}

// rss is the resident memory of this process in bytes (Linux; 0 elsewhere).
func rss() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(data)
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return pages * int64(os.Getpagesize())
}

// BenchmarkOpenSize opens a database of 8 MB and one of 1 GB (a year of
// reports of a few thousand units), reading one report after each Open as
// the bot's first turn would; rss-MB is the growth of the resident memory
// over the Open and the read (the largest of the runs). walk is the page
// walk Open used to do at every start and Verify (check --db) now does: the
// baseline, in the same run.
func BenchmarkOpenSize(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int64
	}{{"8MB", 8 << 20}, {"1GB", 1 << 30}} {
		path := bigFile(b, size.bytes)
		b.Run("open/"+size.name, func(b *testing.B) {
			var grew int64
			for b.Loop() {
				before := rss()
				db, err := Open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				err = db.View(context.Background(), func(tx bot.Tx) error {
					_, err := tx.LatestReport("2020-W38", "u00042")
					return err
				})
				grew = max(grew, rss()-before)
				if err != nil {
					b.Fatal(err)
				}
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(grew)/(1<<20), "rss-MB")
		})
		b.Run("walk/"+size.name, func(b *testing.B) {
			db := openAt(b, path, Options{ReadOnly: true})
			for b.Loop() {
				if err := guard(func() error { return db.bolt.View(walkPages) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
