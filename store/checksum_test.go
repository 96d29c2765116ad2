package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// flip changes one bit of the value at key in bucket, outside Open.
func flip(t *testing.T, db *DB, bucket, key []byte, at int) {
	t.Helper()
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		v := append([]byte(nil), btx.Bucket(bucket).Get(key)...)
		if at < 0 {
			at += len(v)
		}
		v[at] ^= 0x04
		return btx.Bucket(bucket).Put(key, v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAFlippedBitIsFound: a bit flipped inside a stored report's figures,
// or inside a JSON record, is an error that names the record and matches
// ErrCorrupt; never a silently different figure.
func TestAFlippedBitIsFound(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		if err := tx.PutReport(&bot.Report{Period: "2020-W38", Unit: "ban-thi", Member: "binh", At: at,
			Values: map[string]bot.Value{"households_escaped": {Num: 223}}}); err != nil {
			return err
		}
		return tx.PutMemberState("binh", bot.MemberState{Lang: "en"})
	})
	flip(t, db, bucketReports, key("2020-W38", "ban-thi"), -9) // inside the float of 223
	flip(t, db, bucketMembers, []byte("binh"), -3)
	view(t, db, func(tx bot.Tx) error {
		r, err := tx.LatestReport("2020-W38", "ban-thi")
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "2020-W38/ban-thi") {
			t.Errorf("LatestReport of a damaged record = %+v, %v; want ErrCorrupt naming it", r, err)
		}
		if _, err := tx.PeriodReports("2020-W38"); !errors.Is(err, ErrCorrupt) {
			t.Errorf("PeriodReports over a damaged record: %v, want ErrCorrupt", err)
		}
		if st, err := tx.MemberState("binh"); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "binh") {
			t.Errorf("MemberState of a damaged record = %+v, %v; want ErrCorrupt naming it", st, err)
		}
		return nil
	})
}

// TestEmptyFileIsRefused: a 0-byte file is not taken for a new database.
func TestEmptyFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if db, err := Open(path, Options{}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "0 bytes") {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open of an empty file = %v, want ErrCorrupt saying it is empty", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Errorf("the empty file was written to: %d bytes", fi.Size())
	}
}

// TestMigrateV2ToV3SealsEveryRecord: records from before checksums (bare
// JSON, v1 binary reports) are sealed by the migration and read the same.
func TestMigrateV2ToV3SealsEveryRecord(t *testing.T) {
	old := &bot.Report{Period: "2020-W38", Unit: "ban-thi", Member: "binh", Seq: 1, At: time.Unix(1600221600, 0).UTC(),
		Values: map[string]bot.Value{"households_escaped": {Num: 12}, "difficulties": {Text: "Thiếu xi măng"}}}
	path := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		return errors.Join(
			btx.Bucket(bucketMeta).Put(keyVersion, u64(2)),
			btx.Bucket(bucketMembers).Put([]byte("binh"), []byte(`{"lang":"en"}`)),
			btx.Bucket(bucketReports).Put(key("2020-W38", "ban-thi"), encodeReportV1(old)),
		)
	})
	db := openAt(t, path, Options{})
	_ = db.bolt.View(func(btx *bolt.Tx) error {
		if v := btx.Bucket(bucketMembers).Get([]byte("binh")); len(v) == 0 || v[0] != sealedJSON {
			t.Errorf("member state not sealed: %q", v)
		}
		if v := btx.Bucket(bucketReports).Get(key("2020-W38", "ban-thi")); len(v) == 0 || v[0] != reportV2 {
			t.Errorf("report not sealed: %x", v)
		}
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		if st, err := tx.MemberState("binh"); err != nil || st.Lang != "en" {
			t.Errorf("member state = %+v, %v", st, err)
		}
		r, err := tx.LatestReport("2020-W38", "ban-thi")
		if err != nil || r.Values["households_escaped"].Num != 12 || r.Values["difficulties"].Text != "Thiếu xi măng" {
			t.Errorf("report = %+v, %v", r, err)
		}
		return nil
	})
}

// TestVerifyNamesEveryDamagedRecord: Verify reads every record and names
// the damaged ones (a flipped bit in a report, a blob, a JSON record).
func TestVerifyNamesEveryDamagedRecord(t *testing.T) {
	db := openTest(t)
	var blob string
	update(t, db, func(tx bot.Tx) (err error) {
		if err := tx.PutReport(&bot.Report{Period: "2020-W38", Unit: "ban-thi", Member: "binh", At: time.Unix(1600221600, 0),
			Values: map[string]bot.Value{"households_escaped": {Num: 12}}}); err != nil {
			return err
		}
		if err := tx.PutMemberState("binh", bot.MemberState{Lang: "en"}); err != nil {
			return err
		}
		blob, err = tx.PutBlob([]byte("ảnh"))
		return err
	})
	n, damaged, err := db.Verify(t.Context())
	if err != nil || len(damaged) != 0 || n < 5 {
		t.Fatalf("a sound file: %d records, damaged %v, %v", n, damaged, err)
	}
	flip(t, db, bucketReports, key("2020-W38", "ban-thi"), -9)
	flip(t, db, bucketMembers, []byte("binh"), -3)
	flip(t, db, bucketBlobs, []byte(blob), 0)
	_, damaged, err = db.Verify(t.Context())
	if err != nil || len(damaged) != 3 {
		t.Fatalf("damaged = %v, %v; want the three records", damaged, err)
	}
	got := fmt.Sprint(damaged)
	for _, want := range []string{"reports/", "ban-thi", "members/", "binh", "blobs/"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q not named in %s", want, got)
		}
	}
}
