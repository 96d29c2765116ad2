package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
	"fieldbot/store"
)

// TestCheckDBFindsADamagedPage: the bot's Open reads no data page, so a
// database with a zeroed leaf page opens; `check --db` reads every page
// and says the file is damaged (exit 1), where the sound copy passes.
func TestCheckDBFindsADamagedPage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bot.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range 400 {
			r := &bot.Report{Period: "2020-W38", Unit: fmt.Sprintf("unit-%03d", i), Member: "lan", Channel: "console",
				At: time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC), Values: map[string]bot.Value{"note": {Text: strings.Repeat("x", 200)}}}
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCmd(t, "", "check", "--db", path); code != 0 {
		t.Fatalf("check --db of a sound file: exit %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	leaf := reportLeaf(t, path, data, page)
	clear(data[leaf*page : (leaf+1)*page])
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("Open of a file with a damaged leaf: %v (it reads no data page)", err)
	}
	db.Close()
	_, errOut, code := runCmd(t, "", "check", "--db", path)
	if code != 1 || !strings.Contains(errOut, "bị hỏng") {
		t.Errorf("check --db of a damaged file: exit %d, want 1 saying it is damaged\n%s", code, errOut)
	}
}

// reportLeaf is the id of a leaf page of the bbolt file at path (data)
// that holds reports.
func reportLeaf(t *testing.T, path string, data []byte, page int) int {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	leaf := 0
	err = b.View(func(btx *bolt.Tx) error {
		for id := 2; ; id++ {
			p, err := btx.Page(id)
			if p == nil || err != nil {
				return err
			}
			if p.Type == "leaf" && bytes.Contains(data[id*page:(id+1)*page], []byte("unit-")) {
				leaf = id
			}
		}
	})
	if err != nil || leaf == 0 {
		t.Fatalf("no leaf page of reports (%v)", err)
	}
	return leaf
}
