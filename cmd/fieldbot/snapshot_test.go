//go:build unix

package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// TestExportWhileRunning runs the real program (fieldbot run, long polling
// the fake Bot API) on the seeded demo database, has a member file a report
// through Telegram, and exports while the bot holds the database: the
// export reads a snapshot through the bot's socket (mode 0600), holds the
// report just confirmed, and equals the stopped database's export; the
// socket is gone once the bot stops.
func TestExportWhileRunning(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	if _, errOut, c := runCmd(t, "", "demo", "--db", dbPath, "--seed-reports"); c != 0 {
		t.Fatalf("seed: exit %d: %s", c, errOut)
	}
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	run := startRun("run", "--config", cfgPath, "--db", dbPath)
	sock := dbPath + snapshotSuffix
	deadline := time.Now().Add(20 * time.Second)
	for {
		fi, err := os.Lstat(sock)
		if err == nil {
			if fi.Mode()&fs.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
				t.Fatalf("socket %s: mode %v, want a socket with mode 0600", sock, fi.Mode())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snapshot socket: %v\n%s", err, run.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	binh := telegramtest.User{ID: 8801, FirstName: "Bình", LanguageCode: "vi"}
	fake.Text(binh, "/start "+code)
	waitFake(t, fake, "the welcome", func() bool { return strings.Contains(lastText(fake, binh.ID), "Hoàng Thị Bình") })
	fake.Text(binh, "/baocao 1") // the review, pre-filled with last week's answers
	waitFake(t, fake, "the review", func() bool { return strings.Contains(lastText(fake, binh.ID), "Xác nhận") })
	fake.Text(binh, "/xacnhan")
	waitFake(t, fake, "the confirmation", func() bool { return strings.Contains(lastText(fake, binh.ID), "Đã lưu báo cáo") })

	dir := t.TempDir()
	live := filepath.Join(dir, "live.csv")
	stdout, errOut, c := runCmd(t, "", "export", "--db", dbPath, "--format", "csv", "--out", live)
	if c != 0 {
		t.Fatalf("export while running: exit %d: %s\n%s", c, errOut, run.stderr)
	}
	mustHave(t, errOut, "Bot đang chạy và giữ cơ sở dữ liệu: đã đọc một bản chụp qua "+sock)
	mustHave(t, stdout, "Đã ghi 41 báo cáo (2020-W37 – 2026-W01)")
	week, _, c := runCmd(t, "", "export", "--db", dbPath, "--format", "json", "--from", "2026-W01", "--out", filepath.Join(dir, "w.json"))
	if c != 0 || !strings.Contains(week, "Đã ghi 1 báo cáo (2026-W01 – 2026-W01)") {
		t.Errorf("the report just confirmed: exit %d, %q", c, week)
	}
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket left after the bot stopped: %v", err)
	}
	stopped := filepath.Join(dir, "stopped.csv")
	stdout, errOut, c = runCmd(t, "", "export", "--db", dbPath, "--format", "csv", "--out", stopped)
	if c != 0 || strings.Contains(errOut, "bản chụp") {
		t.Fatalf("export of the stopped bot: exit %d: %s %s", c, stdout, errOut)
	}
	a, _ := os.ReadFile(live)
	b, _ := os.ReadFile(stopped)
	if string(a) != string(b) || len(a) == 0 {
		t.Errorf("the snapshot's export differs from the stopped database's:\n%s\n---\n%s", a, b)
	}
	if entries, _ := filepath.Glob(filepath.Join(os.TempDir(), "fieldbot-snapshot-*.db")); len(entries) > 0 {
		for _, e := range entries { // another test's may be under way; ours are gone by now
			if fi, err := os.Stat(e); err == nil && time.Since(fi.ModTime()) > time.Minute {
				t.Errorf("snapshot copy left behind: %s", e)
			}
		}
	}
}

// TestSnapshotSocket serves snapshots of a real database held open (its
// lock taken) in this process: export and history read through the socket; a socket
// left by a crashed run is replaced; a file of that name that is not a
// socket is left alone and refused; with no socket, export says the
// database is in use.
func TestSnapshotSocket(t *testing.T) {
	dbPath := seededDB(t)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := filepath.Join(t.TempDir(), "x.csv")

	_, errOut, c := runCmd(t, "", "export", "--db", dbPath, "--out", out)
	if c != 1 || !strings.Contains(errOut, "đang được một tiến trình fieldbot khác sử dụng") {
		t.Errorf("locked, no socket: exit %d, %q", c, errOut)
	}

	sock := dbPath + snapshotSuffix
	stale, err := net.Listen("unix", sock) // a crashed run's socket
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()
	srv, err := listenSnapshots(dbPath, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("a stale socket is not replaced: %v", err)
	}
	if fi, err := os.Lstat(sock); err != nil || fi.Mode()&fs.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket %v, %v: want a socket of mode 0600", fi, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), ".fieldbot-sock-*")); len(left) > 0 {
		t.Errorf("binding left %v", left)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); srv.serve(ctx) }()
	stdout, errOut, c := runCmd(t, "", "export", "--db", dbPath, "--format", "csv", "--out", out)
	if c != 0 || !strings.Contains(stdout, "Đã ghi 40 báo cáo") {
		t.Fatalf("export through the socket: exit %d: %s %s", c, stdout, errOut)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile(filepath.Join("testdata", "export_vi.csv.golden"))
	if string(got) != string(want) {
		t.Error("the export of the snapshot differs from the golden export of the database")
	}
	hist, errOut, c := runCmd(t, "", "history", "--db", dbPath, "--unit", "ban-thi", "--period", "2020-W38")
	if c != 0 || !strings.Contains(hist, "Hoàng Thị Bình") || !strings.Contains(errOut, "bản chụp") {
		t.Errorf("history through the socket: exit %d: %s %s", c, hist, errOut)
	}
	cancel()
	<-done
	if _, err := os.Lstat(sock); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket left after serve ended: %v", err)
	}

	if err := os.WriteFile(sock, []byte("not a socket"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := listenSnapshots(dbPath, db, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("a regular file in the socket's place was replaced")
	}
	if b, _ := os.ReadFile(sock); string(b) != "not a socket" {
		t.Error("the file in the socket's place was changed")
	}
}

// TestSnapshotCutShort: a copy shorter than its header says is refused,
// not opened as a database.
func TestSnapshotCutShort(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "x.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Write([]byte(snapshotHeader + "65536\n" + strings.Repeat("x", 1000)))
		c.Close()
	}()
	if path, err := fetchSnapshot(t.Context(), sock); err == nil {
		os.Remove(path)
		t.Fatal("a cut copy was taken")
	}
}
