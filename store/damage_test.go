package store

import (
	"context"
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

// usedPages lists the ids and types of a file's pages that hold data (not
// meta, not free).
func usedPages(t *testing.T, data []byte) map[int]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pages.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	used := map[int]string{}
	err = db.View(func(btx *bolt.Tx) error {
		for id := 2; ; id++ {
			p, err := btx.Page(id)
			if p == nil || err != nil {
				return err
			}
			if p.Type != "free" {
				used[id] = p.Type
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

// TestVerifyDamagedPage: a damaged page is found by Verify (fieldbot check
// --db), when Open, which reads no data page, has not already refused the
// file as corrupt; a plain read that meets it gets ErrCorrupt, not a panic.
func TestVerifyDamagedPage(t *testing.T) {
	good, _ := goodFile(t)
	page := os.Getpagesize()
	rng := rand.New(rand.NewSource(2))
	damages := map[string]func([]byte){
		"zeroed":      func(p []byte) { clear(p) },
		"random":      func(p []byte) { rng.Read(p) },
		"random body": func(p []byte) { rng.Read(p[16:]) }, // keep the page header
	}
	path := filepath.Join(t.TempDir(), "damaged.db")
	readFailed := 0 // damage met by a plain read, as an error and not a panic
	defer func() {
		if readFailed == 0 {
			t.Error("no damaged page made a read of the reports fail")
		}
	}()
	used, lastLeaf := usedPages(t, good), 0
	for id, typ := range used {
		if typ == "leaf" {
			lastLeaf = max(lastLeaf, id)
		}
	}
	for id, typ := range used {
		// A sample of the many leaves keeps the test quick; the last one
		// written holds the bucket directory.
		if typ == "leaf" && id%8 != 0 && id != lastLeaf {
			continue
		}
		for name, damage := range damages {
			data := append([]byte(nil), good...)
			damage(data[id*page : (id+1)*page])
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			err := openAndVerify(path)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s %s page %d: Open and Verify = %v, want ErrCorrupt", name, typ, id, err)
			}
			switch err := readReports(path); {
			case errors.Is(err, ErrCorrupt):
				readFailed++
			case err != nil:
				t.Errorf("%s %s page %d: reading the reports = %v, want ErrCorrupt or nothing", name, typ, id, err)
			}
			if testing.Verbose() {
				fmt.Printf("%s %s %d: %v\n", name, typ, id, err)
			}
		}
	}
}

// openAndVerify opens path read-only, as fieldbot check --db does, and
// verifies it: the error of either, or one listing the damaged records.
func openAndVerify(path string) error {
	db, err := Open(path, Options{Timeout: 100 * time.Millisecond, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	_, damaged, err := db.Verify(context.Background())
	if err == nil && len(damaged) > 0 {
		err = fmt.Errorf("%w: %d damaged records, first %v", ErrCorrupt, len(damaged), damaged[0])
	}
	return err
}

// readReports opens path as the bot does and reads the week's reports: a
// damaged page met on the way must be an error, never a panic.
func readReports(path string) error {
	db, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.PeriodReports("2020-W38")
		return err
	})
}

func TestOpenTruncatedData(t *testing.T) {
	good, hwm := goodFile(t)
	page := os.Getpagesize()
	// Small commits move the freelist to a low free page, so cutting the last
	// used page loses data while bbolt itself opens the file without complaint.
	path := filepath.Join(t.TempDir(), "moved.db")
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		err := raw.Update(func(btx *bolt.Tx) error {
			return btx.Bucket(bucketOffsets).Put([]byte("c"), u64(uint64(i)))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := raw.View(func(btx *bolt.Tx) error { hwm = int(btx.Size()); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	used, last := usedPages(t, data), 0
	for id := range used {
		last = max(last, id)
	}
	if used[last] == "freelist" || last*page >= hwm {
		t.Fatalf("fixture: last used page %d of %d is a %s, want a data page", last, hwm/page, used[last])
	}
	if err := os.WriteFile(path, data[:last*page], 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("Open of a file missing its last data page = %v; want ErrCorrupt saying truncated", err)
	}
}

// TestPanicOutsideBoltIsNotDamage: a panic raised by the transaction's own
// code (a bug) is not taken for a damaged page: it goes on up.
func TestPanicOutsideBoltIsNotDamage(t *testing.T) {
	db := openTest(t)
	defer func() {
		if r := recover(); r != "a bug" {
			t.Errorf("recovered %v, want the bug's panic", r)
		}
	}()
	err := db.View(context.Background(), func(bot.Tx) error { panic("a bug") })
	t.Errorf("View returned %v instead of panicking", err)
}

func TestStandardLibrary(t *testing.T) {
	for fn, want := range map[string]bool{
		"bytes.Compare": true, "internal/bytealg.Compare": true, "runtime.sigpanic": true, "sort.Search": true,
		"go.etcd.io/bbolt.(*Cursor).seek": false, "go.etcd.io/bbolt/internal/common.Assert": false,
		"fieldbot/store.scanReports": false, "fieldbot/bot.(*Engine).Handle": false, "main.main": false,
	} {
		if got := standardLibrary(fn); got != want {
			t.Errorf("standardLibrary(%q) = %v, want %v", fn, got, want)
		}
	}
}
