package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// dumpFile is every bucket, key and value of the bbolt file at path.
func dumpFile(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer b.Close()
	return dumpBolt(t, b)
}

// dumpBolt is every bucket, key and value of an open bbolt database.
func dumpBolt(t *testing.T, b *bolt.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(path string, bk *bolt.Bucket) error
	walk = func(path string, bk *bolt.Bucket) error {
		return bk.ForEach(func(k, v []byte) error {
			if v == nil {
				out[path+"/"+string(k)+"/"] = "bucket"
				return walk(path+"/"+string(k), bk.Bucket(k))
			}
			out[path+"/"+string(k)] = string(v)
			return nil
		})
	}
	err := b.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			out[string(name)+"/"] = "bucket"
			return walk(string(name), bk)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHotBackupWhileWriting: backups taken while 4 writers commit are each
// the database as of one commit: in every transaction a writer puts
// revision k of its unit and of the unit's mirror, so a backup holds, for
// each unit, revisions 1..k with the latest report and the index at k,
// the mirror the same k, and at least the commits that had returned before
// the backup began. After the writers stop, a backup holds exactly what
// the live database holds, and its checksum file matches.
func TestHotBackupWhileWriting(t *testing.T) {
	db := openTest(t)
	dir := t.TempDir()
	const writers, perWriter = 4, 150
	var committed atomic.Int64
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for k := 1; k <= perWriter; k++ {
				err := db.Update(ctx, func(tx bot.Tx) error {
					for _, unit := range []string{fmt.Sprint("u", w), fmt.Sprint("u", w, "-mirror")} {
						r := report("2020-W38", unit, float64(k))
						r.Values["note"] = bot.Value{Text: strings.Repeat("x", 200)} // grow the file: pages move
						if err := tx.PutReport(r); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				committed.Add(1)
			}
		})
	}
	type taken struct {
		path   string
		before int64 // commits returned before the backup began
	}
	var backups []taken
	at := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	for i := 0; committed.Load() < writers*perWriter*3/4; i++ {
		before := committed.Load()
		b, _, err := db.BackupToDir(ctx, dir, at.Add(time.Duration(i)*time.Second), 1000)
		if err != nil {
			t.Fatal(err)
		}
		backups = append(backups, taken{b.Path, before})
	}
	wg.Wait()
	if len(backups) < 2 {
		t.Fatalf("only %d backups while writing: the writers were too fast to test anything", len(backups))
	}
	midRun := 0
	for _, b := range backups {
		var total int64
		snap := openAt(t, b.path, Options{ReadOnly: true})
		view(t, snap, func(tx bot.Tx) error {
			for w := range writers {
				unit := fmt.Sprint("u", w)
				revs, err := tx.Revisions("2020-W38", unit)
				if err != nil && !errors.Is(err, bot.ErrNotFound) {
					return err
				}
				mirror, _ := tx.Revisions("2020-W38", unit+"-mirror")
				if len(revs) != len(mirror) {
					t.Errorf("%s: %d revisions of %s but %d of its mirror: not one commit's state", b.path, len(revs), unit, len(mirror))
				}
				for i, r := range revs {
					if r.Seq != uint64(i+1) || r.Values["v"].Num != float64(i+1) {
						t.Errorf("%s: revision %d of %s is seq %d value %v", b.path, i+1, unit, r.Seq, r.Values["v"].Num)
					}
				}
				if len(revs) == 0 {
					continue
				}
				latest, err := tx.LatestReport("2020-W38", unit)
				if err != nil || latest.Seq != uint64(len(revs)) {
					t.Errorf("%s: latest report of %s = %+v, %v; want seq %d", b.path, unit, latest, err, len(revs))
				}
				prev, err := tx.PreviousReport(unit, "2020-W39")
				if err != nil || prev.Seq != uint64(len(revs)) {
					t.Errorf("%s: the index of %s says %+v, %v; want seq %d", b.path, unit, prev, err, len(revs))
				}
				total += int64(len(revs))
			}
			return nil
		})
		if total < b.before {
			t.Errorf("%s holds %d commits, but %d had returned before it began", b.path, total, b.before)
		}
		if total < writers*perWriter {
			midRun++
		}
	}
	if midRun == 0 {
		t.Errorf("no backup was taken while the writers ran")
	}
	final, _, err := db.BackupToDir(ctx, dir, at.Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if live, got := dumpBolt(t, db.bolt), dumpFile(t, final.Path); !maps.Equal(live, got) {
		t.Errorf("the backup taken after the writes (%d entries) differs from the live database (%d entries)", len(got), len(live))
	}
	if sum, ok, err := ReadSum(final.Path); err != nil || !ok || sum != final.SHA256 {
		t.Errorf("checksum file: %q %v %v, want %s", sum, ok, err, final.SHA256)
	}
	if got, _, _ := fileSum(final.Path); got != final.SHA256 {
		t.Errorf("the file's SHA-256 is %s, the backup said %s", got, final.SHA256)
	}
	t.Logf("%d backups while writing (%d mid-run), %d records in the last", len(backups), midRun, final.Records)
}

// TestBackupToDirKeepsTheLastN: the oldest backups beyond keep go, each
// with its checksum file; other files stay.
func TestBackupToDirKeepsTheLastN(t *testing.T) {
	db := openTest(t)
	dir := t.TempDir()
	other := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(other, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
	var paths []string
	for i := range 5 {
		putReports(t, db, report("2020-W38", "bang", float64(i)))
		b, removed, err := db.BackupToDir(context.Background(), dir, at.Add(time.Duration(i)*time.Hour), 3)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, b.Path)
		if want := max(0, i-2); len(removed) != min(1, want) || (len(removed) == 1 && removed[0] != paths[i-3]) {
			t.Errorf("backup %d removed %v", i, removed)
		}
	}
	list, err := ListBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.Path)
	}
	if want := paths[2:]; !equalStrings(got, want) {
		t.Errorf("backups kept %v, want %v", got, want)
	}
	for _, p := range paths[:2] {
		if _, err := os.Stat(p + SumSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("checksum of a removed backup left: %v", err)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file was removed: %v", err)
	}
	if list[0].At != at.Add(2*time.Hour) {
		t.Errorf("oldest kept backup began at %v, want %v", list[0].At, at.Add(2*time.Hour))
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

// TestRestoreChecksBeforeReplacing: a backup with one byte changed, or
// whose database is damaged, or a database still open, is refused with the
// live file untouched; a sound backup replaces it, the old one kept aside.
func TestRestoreChecksBeforeReplacing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := openAt(t, filepath.Join(dir, "src.db"), Options{NoSync: true})
	putReports(t, src, report("2020-W38", "bang", 7))
	good, err := src.BackupTo(ctx, filepath.Join(dir, "good.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.BackupTo(ctx, good.Path); !errors.Is(err, os.ErrExist) {
		t.Errorf("a second backup over the first: %v, want ErrExist", err)
	}
	live := filepath.Join(dir, "live.db")
	ldb, err := Open(live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	putReports(t, ldb, report("2020-W38", "bang", 1), report("2020-W38", "bang", 2))
	before, _, _ := fileSum(live)

	if _, err := Restore(ctx, good.Path, live, live+".old"); !errors.Is(err, ErrLocked) {
		t.Errorf("restore over an open database: %v, want ErrLocked", err)
	}
	if err := ldb.Close(); err != nil {
		t.Fatal(err)
	}

	// One flipped byte in the middle of the file: the checksum says so.
	flipped := filepath.Join(dir, "flipped.db")
	data, _ := os.ReadFile(good.Path)
	data[len(data)/2] ^= 0x01
	writeFile(t, flipped, data)
	sum, _ := os.ReadFile(good.Path + SumSuffix)
	writeFile(t, flipped+SumSuffix, sum)
	if _, err := Restore(ctx, flipped, live, live+".old"); !errors.Is(err, ErrChecksum) {
		t.Errorf("restore of a changed backup: %v, want ErrChecksum", err)
	}
	// Without its checksum file, a damaged database is still refused.
	damaged := filepath.Join(dir, "damaged.db")
	dsrc := openAt(t, filepath.Join(dir, "dsrc.db"), Options{NoSync: true})
	putReports(t, dsrc, report("2020-W38", "bang", 9))
	flip(t, dsrc, bucketReports, key("2020-W38", "bang"), -9)
	if _, err := dsrc.BackupTo(ctx, damaged); !errors.Is(err, ErrCorrupt) {
		t.Errorf("backup of a damaged database: %v, want ErrCorrupt", err)
	}
	if _, err := os.Stat(damaged); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a backup that failed its check was left in place: %v", err)
	}
	ddata, _ := os.ReadFile(dsrc.Path()) // the damage, copied by hand
	writeFile(t, damaged, ddata)
	if _, err := Restore(ctx, damaged, live, live+".old"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("restore of a damaged database: %v, want ErrCorrupt", err)
	}
	if after, _, _ := fileSum(live); after != before {
		t.Fatalf("a refused restore changed the database")
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(entries) > 0 {
		t.Errorf("temporary files left: %v", entries)
	}

	if err := os.Chmod(live, 0o640); err != nil {
		t.Fatal(err)
	}
	asRoot := os.Geteuid() == 0 && runtime.GOOS != "windows"
	if asRoot { // the service's user owns the file; root restores it
		if err := os.Chown(live, 4242, 4243); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Restore(ctx, good.Path, live, live+".old")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(live); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("restored file's mode: %v %v, want the old file's 0640", fi.Mode(), err)
	}
	if asRoot && !ownedBy(t, live, 4242, 4243) {
		t.Errorf("the restored file does not have the old file's owner")
	}
	if !r.Checksum || r.Previous != live+".old" || r.Backup.SHA256 != good.SHA256 || r.Backup.Records == 0 {
		t.Errorf("restore = %+v", r)
	}
	if old, _, _ := fileSum(live + ".old"); old != before {
		t.Errorf("the replaced database was not kept aside as it was")
	}
	if got, want := dumpFile(t, live), dumpFile(t, good.Path); !maps.Equal(got, want) {
		t.Errorf("the restored database differs from the backup")
	}
	rdb := openAt(t, live, Options{})
	view(t, rdb, func(tx bot.Tx) error {
		r, err := tx.LatestReport("2020-W38", "bang")
		if err != nil || r.Values["v"].Num != 7 {
			t.Errorf("restored report = %+v, %v", r, err)
		}
		return nil
	})
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreMigratesAnOlderBackup: a backup written by an older fieldbot
// (schema version 2: records without checksums) is migrated on the copy
// before it is put in place, and the backup file itself is left as it was;
// a backup of a newer schema is refused.
func TestRestoreMigratesAnOlderBackup(t *testing.T) {
	old := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		return errors.Join(
			btx.Bucket(bucketMeta).Put(keyVersion, u64(2)),
			btx.Bucket(bucketMembers).Put([]byte("binh"), []byte(`{"lang":"en"}`)),
		)
	})
	before, _, _ := fileSum(old)
	live := filepath.Join(t.TempDir(), "live.db")
	r, err := Restore(context.Background(), old, live, live+".old")
	if err != nil {
		t.Fatal(err)
	}
	if r.Checksum || r.Previous != "" {
		t.Errorf("restore = %+v: no checksum file and no database before", r)
	}
	if after, _, _ := fileSum(old); after != before {
		t.Errorf("the backup file was changed")
	}
	db, err := Open(live, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if v := storedVersion(t, db); v != schemaVersion(migrations) {
		t.Errorf("restored schema version %d, want %d", v, schemaVersion(migrations))
	}
	view(t, db, func(tx bot.Tx) error {
		if st, err := tx.MemberState("binh"); err != nil || st.Lang != "en" {
			t.Errorf("member state = %+v, %v", st, err)
		}
		return nil
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	newer := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		return btx.Bucket(bucketMeta).Put(keyVersion, u64(schemaVersion(migrations)+1))
	})
	if _, err := Restore(context.Background(), newer, live, live+".old2"); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("restore of a newer schema: %v, want ErrNewerSchema", err)
	}
}
