package store

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// goodFile returns the bytes of a healthy database with some data, and the
// size its meta page says its data runs to.
func goodFile(t *testing.T) ([]byte, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "good.db")
	db := openAt(t, path, Options{NoSync: true})
	update(t, db, func(tx bot.Tx) error {
		for i := range 300 {
			r := &bot.Report{Period: "2020-W38", Unit: fmt.Sprintf("unit-%03d", i),
				Values: map[string]bot.Value{"note": {Text: strings.Repeat("x", 200)}}}
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	})
	var size int
	if err := db.bolt.View(func(btx *bolt.Tx) error { size = int(btx.Size()); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data, size
}

func TestOpenCorrupt(t *testing.T) {
	good, hwm := goodFile(t)
	rng := rand.New(rand.NewSource(1))
	random := func(n int) []byte { b := make([]byte, n); rng.Read(b); return b }
	garbled := func(from int) []byte {
		b := append([]byte(nil), good...)
		rng.Read(b[from:])
		return b
	}
	zeroed := func(from, to int) []byte {
		b := append([]byte(nil), good...)
		clear(b[from:to])
		return b
	}
	page := os.Getpagesize()
	cases := map[string][]byte{
		"one byte":               random(1),
		"random 100 bytes":       random(100),
		"random page":            random(page),
		"random 4 pages":         random(4 * page),
		"random 64KiB":           random(64 << 10),
		"text":                   []byte("<html>not a database</html>\n"),
		"truncated to 1 page":    good[:page],
		"truncated to meta":      good[:2*page],
		"truncated to 4 pages":   good[:4*page],
		"truncated to half":      good[:hwm/2],
		"truncated by one page":  good[:hwm-page],
		"garbled after meta":     garbled(2 * page),
		"garbled second half":    garbled(hwm / 2),
		"zeroed pages 2 to hwm":  zeroed(2*page, hwm),
		"zeroed last data pages": zeroed(hwm-4*page, hwm),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			// Twice: a refused file must not stay locked by this process.
			for range 2 {
				db, err := Open(path, Options{Timeout: 100 * time.Millisecond})
				if err == nil {
					db.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
					t.Fatalf("Open = %v; want ErrCorrupt naming the path", err)
				}
			}
		})
	}
}

func TestOpenGoodFileCopy(t *testing.T) {
	good, _ := goodFile(t)
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path, Options{})
	view(t, db, func(tx bot.Tx) error {
		rs, err := tx.PeriodReports("2020-W38")
		if len(rs) != 300 {
			t.Errorf("PeriodReports = %d reports, %v; want 300", len(rs), err)
		}
		return nil
	})
}
