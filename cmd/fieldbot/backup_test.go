package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/i18n"
	"fieldbot/store"
)

// sumOf is the SHA-256 (hex) of the file at path.
func sumOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestBackupAndRestoreCommands: fieldbot backup writes a file that
// sha256sum's format describes and never overwrites one; both commands
// refuse a database a process holds; restore refuses a backup with a
// changed byte or a damaged record, leaving the database as it was, and
// restores a sound one, the old database kept aside.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("seeding: exit %d: %s", code, errOut)
	}
	out := filepath.Join(dir, "sao-luu.db")
	stdout, errOut, code := runCmd(t, "", "backup", "--db", db, "--out", out)
	if code != 0 || !strings.Contains(stdout, "Đã sao lưu "+db+" vào "+out) || !strings.Contains(stdout, "mã SHA-256 khớp") {
		t.Fatalf("backup: exit %d, %q %q", code, stdout, errOut)
	}
	sumLine, err := os.ReadFile(out + store.SumSuffix)
	if err != nil || string(sumLine) != sumOf(t, out)+"  sao-luu.db\n" {
		t.Errorf("checksum file %q (%v), the file's SHA-256 is %s", sumLine, err, sumOf(t, out))
	}
	if !strings.Contains(stdout, sumOf(t, out)) {
		t.Errorf("backup does not print the SHA-256: %q", stdout)
	}
	before := sumOf(t, out)
	if _, errOut, code := runCmd(t, "", "backup", "--db", db, "--out", out); code != 1 || !strings.Contains(errOut, "không ghi đè") || sumOf(t, out) != before {
		t.Errorf("backup over an existing file: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCmd(t, "", "backup", "--db", db); code != 1 || !strings.Contains(errOut, "--out TỆP") {
		t.Errorf("backup without --out: exit %d, %q", code, errOut)
	}

	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inUse := i18n.For(i18n.VI).T("cli.db_in_use", "file", db)
	if _, errOut, code := runCmd(t, "", "backup", "--db", db, "--out", filepath.Join(dir, "x.db")); code != 1 || !strings.Contains(errOut, inUse) {
		t.Errorf("backup of a database in use: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCmd(t, "", "restore", "--backup", out, "--db", db); code != 1 || !strings.Contains(errOut, inUse) {
		t.Errorf("restore over a database in use: exit %d, %q", code, errOut)
	}
	if err := held.Close(); err != nil {
		t.Fatal(err)
	}
	live := sumOf(t, db)

	raw, _ := os.ReadFile(out)
	changed := filepath.Join(dir, "changed.db")
	raw[len(raw)/3] ^= 0x10
	writeTestFile(t, changed, raw)
	writeTestFile(t, changed+store.SumSuffix, sumLine)
	if _, errOut, code := runCmd(t, "", "restore", "--backup", changed, "--db", db); code != 1 ||
		!strings.Contains(errOut, "không khớp với mã SHA-256") || !strings.Contains(errOut, "Chưa thay gì cả") {
		t.Errorf("restore of a changed backup: exit %d, %q", code, errOut)
	}
	damaged := filepath.Join(dir, "damaged.db") // a damaged record, no checksum file
	raw, _ = os.ReadFile(out)
	i := bytes.Index(raw, []byte("\xb1\x082020-W38"))
	if i < 0 {
		t.Fatal("no report record in the backup")
	}
	raw[i+12] ^= 0x01
	writeTestFile(t, damaged, raw)
	if _, errOut, code := runCmd(t, "", "restore", "--backup", damaged, "--db", db); code != 1 || !strings.Contains(errOut, "bị hỏng") {
		t.Errorf("restore of a damaged backup: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCmd(t, "", "restore", "--backup", filepath.Join(dir, "khong-co.db"), "--db", db); code != 1 ||
		!strings.Contains(errOut, "Không tìm thấy bản sao lưu") {
		t.Errorf("restore of a missing backup: exit %d, %q", code, errOut)
	}
	if sumOf(t, db) != live {
		t.Fatal("a refused restore changed the database")
	}

	stdout, errOut, code = runCmd(t, "", "restore", "--backup", out, "--db", db)
	aside := db + ".before-restore-20260101T000000Z" // the test's frozen clock
	if code != 0 || !strings.Contains(stdout, "mã SHA-256 khớp") || !strings.Contains(stdout, aside) {
		t.Fatalf("restore: exit %d, %q %q", code, stdout, errOut)
	}
	if sumOf(t, aside) != live || sumOf(t, db) != before {
		t.Errorf("after restore: the old file kept aside %v, the database is the backup %v", sumOf(t, aside) == live, sumOf(t, db) == before)
	}
	mustReopen(t, db)
}

func writeTestFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestBackupFlagsAndSchedule: run refuses a backup every less than a
// second or keeping none; the next backup is due every after the newest in
// the folder, at once when there is none or it is older.
func TestBackupFlagsAndSchedule(t *testing.T) {
	for _, args := range [][]string{{"--backup-every", "10ms"}, {"--backup-keep", "0"}} {
		_, errOut, code := runCmd(t, "", append([]string{"run", "--config", "x.yaml"}, args...)...)
		if code != 1 || !strings.Contains(errOut, args[0]) {
			t.Errorf("run %v: exit %d, %q", args, code, errOut)
		}
	}
	dir := t.TempDir()
	o := backupOptions{Dir: dir, Every: 24 * time.Hour, Keep: 3}
	now := time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)
	if wait, err := nextBackup(o, now); err != nil || wait != 0 {
		t.Errorf("no backup yet: wait %v, %v", wait, err)
	}
	writeTestFile(t, filepath.Join(dir, store.BackupName(now.Add(-30*time.Hour))), nil)
	writeTestFile(t, filepath.Join(dir, store.BackupName(now.Add(-time.Hour))), nil)
	if wait, err := nextBackup(o, now); err != nil || wait != 23*time.Hour {
		t.Errorf("newest an hour old: wait %v, %v", wait, err)
	}
	if wait, err := nextBackup(o, now.Add(25*time.Hour)); err != nil || wait != 0 {
		t.Errorf("newest 25 hours old: wait %v, %v", wait, err)
	}
}

// TestRunRefusesABackupFolderItCannotMake: a --backup-dir that cannot be
// made stops the start with a sentence naming the backup folder, before
// the bot takes any update in.
func TestRunRefusesABackupFolderItCannotMake(t *testing.T) {
	_, cfgPath, dbPath, _ := serveSetup(t)
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	blocker := filepath.Join(filepath.Dir(dbPath), "a-file")
	writeTestFile(t, blocker, nil)
	dir := filepath.Join(blocker, "backups")
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--backup-dir", dir)
	select {
	case code := <-run.code:
		want := i18n.For(i18n.VI).T("cli.file_not_dir", "what", i18n.For(i18n.VI).T("cli.file.backup_dir"), "file", dir)
		if code != 1 || !strings.Contains(run.stderr.String(), want) {
			t.Errorf("exit %d, stderr %q, want %q", code, run.stderr.String(), want)
		}
	case <-time.After(20 * time.Second):
		run.stop(t)
		t.Fatal("fieldbot run started with a backup folder it cannot make")
	}
}
