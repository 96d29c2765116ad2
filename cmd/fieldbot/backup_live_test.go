//go:build unix

package main

import (
	"context"
	"encoding/binary"
	"maps"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/store"
)

// dumpDB is every bucket, key and value of the bbolt file at path, read
// with bbolt itself (not through the store being tested).
func dumpDB(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer b.Close()
	out := map[string]string{}
	var walk func(path string, bk *bolt.Bucket) error
	walk = func(path string, bk *bolt.Bucket) error {
		return bk.ForEach(func(k, v []byte) error {
			if v == nil {
				out[path+"\x00"+string(k)+"\x00"] = "bucket"
				return walk(path+"\x00"+string(k), bk.Bucket(k))
			}
			out[path+"\x00"+string(k)] = string(v)
			return nil
		})
	}
	err = b.View(func(btx *bolt.Tx) error {
		return btx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			out[string(name)+"\x00"] = "bucket"
			return walk(string(name), bk)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// inBucket is the part of a dump in one top-level bucket, by key.
func inBucket(dump map[string]string, bucket string) map[string]string {
	out := map[string]string{}
	for k, v := range dump {
		if key, ok := strings.CutPrefix(k, bucket+"\x00"); ok && key != "" {
			out[key] = v
		}
	}
	return out
}

// TestHotBackupWhileMembersReport runs the real program (fieldbot run, long
// polling the fake Bot API) with a backup every second while 7 scripted
// members file reports and corrections, then stops it and compares:
//   - each backup taken while they reported holds every report a member had
//     seen confirmed before it began, its revisions and audit entries are
//     byte for byte the live database's, and each unit's latest report is
//     its last revision in the backup (one commit's state, not a mix);
//   - a backup begun after the last report holds exactly what the live
//     database holds, every bucket, key and value;
//   - `fieldbot restore` of a backup taken mid-run makes the database that
//     backup, keeps the live one aside unchanged, and `fieldbot check --db`
//     reads every record of the result.
func TestHotBackupWhileMembersReport(t *testing.T) {
	if testing.Short() {
		t.Skip("hot backup while members report: skipped with -short")
	}
	r := newCrashRig(t, false)
	dir := filepath.Join(r.dir, "backups")
	r.args = append(r.args, "--backup-dir", dir, "--backup-every", "1s", "--backup-keep", "1000")
	since := time.Now()
	child := r.start(t, 0)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, len(r.members))
	for _, m := range r.members {
		wg.Go(func() {
			if err := m.run(ctx, stop); err != nil {
				errs <- err
				cancel()
			}
		})
	}
	const midRun = 4
	waitBackups(t, ctx, dir, func(all []store.Stored) bool { return len(all) >= midRun })
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	stopped := time.Now()
	waitBackups(t, ctx, dir, func(all []store.Stored) bool {
		return all[len(all)-1].At.After(stopped.Add(1500 * time.Millisecond))
	})
	r.stop(t, child, since)

	all, err := store.ListBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var filed []filed
	for _, m := range r.members {
		filed = append(filed, m.filed...)
	}
	live := dumpDB(t, r.db)
	liveRevs, liveAudit := inBucket(live, "revisions"), inBucket(live, "audit")

	var during []store.Stored
	for _, b := range all {
		if b.At.Before(stopped) {
			during = append(during, b)
		}
	}
	if len(during) < midRun {
		t.Fatalf("%d backups begun while the members reported, want %d", len(during), midRun)
	}
	partial := 0
	for _, b := range during {
		got := dumpDB(t, b.Path)
		revs, audit := inBucket(got, "revisions"), inBucket(got, "audit")
		for k, v := range revs {
			if lv, ok := liveRevs[k]; !ok || lv != v {
				t.Errorf("%s: revision %q is not the live database's (there: %v)", b.Path, k, ok)
			}
		}
		for k, v := range audit {
			if lv, ok := liveAudit[k]; !ok || lv != v {
				t.Errorf("%s: audit entry %q is not the live database's (there: %v)", b.Path, k, ok)
			}
		}
		if len(revs) < len(liveRevs) {
			partial++
		}
		for k, v := range inBucket(got, "reports") { // "period/unit" → the latest revision
			if last := lastRevision(revs, k); last != v {
				t.Errorf("%s: the latest report of %s is not its last revision in the backup", b.Path, k)
			}
		}
		for _, f := range filed {
			if !f.At.Before(b.At) {
				continue
			}
			if _, ok := revs[revisionKey(f.Period, f.Unit, f.Seq)]; !ok {
				t.Errorf("%s (begun %s) lacks revision %d of %s, confirmed at %s",
					b.Path, b.At.Format(time.StampMilli), f.Seq, f.Unit, f.At.UTC().Format(time.StampMilli))
			}
		}
		if sum, ok, err := store.ReadSum(b.Path); err != nil || !ok || sum == "" {
			t.Errorf("%s: checksum file %q %v %v", b.Path, sum, ok, err)
		}
	}
	if partial == 0 {
		t.Errorf("every backup holds every revision: none was taken while members reported")
	}
	last := all[len(all)-1]
	if got := dumpDB(t, last.Path); !maps.Equal(got, live) {
		t.Errorf("the backup begun after the reports (%d entries) differs from the live database (%d entries)", len(got), len(live))
		for k, v := range live {
			if got[k] != v {
				t.Logf("differs: %q", k)
			}
		}
	}

	// Restore one taken mid-run, with the real command.
	pick := during[len(during)/2]
	out, errOut, code := runMain(t, "en", "restore", "--backup", pick.Path, "--db", r.db)
	if code != 0 || !strings.Contains(out, "SHA-256 matches") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	if got, want := dumpDB(t, r.db), dumpDB(t, pick.Path); !maps.Equal(got, want) {
		t.Errorf("the restored database differs from the backup")
	}
	asides, _ := filepath.Glob(r.db + ".before-restore-*")
	if len(asides) != 1 {
		t.Fatalf("the replaced database kept as %v", asides)
	}
	if got := dumpDB(t, asides[0]); !maps.Equal(got, live) {
		t.Errorf("the database kept aside is not the live one as it was")
	}
	if out, errOut, code := runMain(t, "en", "check", "--db", r.db); code != 0 {
		t.Errorf("check --db of the restored database: exit %d\n%s%s", code, out, errOut)
	}
	t.Logf("%d backups (%d while %d reports were filed, %d of them partial); restored %s",
		len(all), len(during), len(filed), partial, filepath.Base(pick.Path))
}

// waitBackups waits until the backup folder satisfies ok.
func waitBackups(t *testing.T, ctx context.Context, dir string, ok func([]store.Stored) bool) {
	t.Helper()
	for {
		all, err := store.ListBackups(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) > 0 && ok(all) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for backups in %s: %v (%d there)", dir, ctx.Err(), len(all))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// revisionKey is the revisions bucket's key: period/unit/ and the 8-byte
// big-endian seq (store's doc comment draws it).
func revisionKey(period, unit string, seq uint64) string {
	return period + "/" + unit + "/" + string(binary.BigEndian.AppendUint64(nil, seq))
}

// lastRevision is the value of the highest revision of "period/unit".
func lastRevision(revs map[string]string, report string) string {
	var best string
	var bestSeq uint64
	for k, v := range revs {
		rest, ok := strings.CutPrefix(k, report+"/")
		if !ok || len(rest) != 8 {
			continue
		}
		if seq := binary.BigEndian.Uint64([]byte(rest)); seq > bestSeq {
			best, bestSeq = v, seq
		}
	}
	return best
}
