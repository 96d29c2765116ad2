package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
	"fieldbot/i18n"
)

func sampleRoster() *bot.Roster {
	return &bot.Roster{
		Units: []bot.Unit{
			{Code: "ban-thi", Name: i18n.Text{"vi": "Xã Bản Thi", "en": "Bản Thi commune"}, Targets: map[string]float64{"households_escaped": 18}},
			{Code: "yen-my", Name: i18n.Text{"vi": "Xã Yên Mỹ"}},
		},
		Members: []bot.Member{
			{ID: "binh", Name: "Hoàng Thị Bình", Phone: "0912 000 002", Role: bot.RoleMember, Lang: i18n.VI, Units: []string{"ban-thi", "yen-my"}},
			{ID: "an", Name: "Nguyễn Văn An", Role: bot.RoleAdmin, Lang: i18n.EN, Inactive: true},
		},
		Totals: map[string]float64{"households_escaped": 18},
	}
}

// TestRosterRoundTrip: an empty database has no roster (version 0); each
// PutRoster stores the next version, and the roster reads back field for
// field, in another transaction and after the file is reopened.
func TestRosterRoundTrip(t *testing.T) {
	db := openTest(t)
	view(t, db, func(tx bot.Tx) error {
		if v, err := tx.RosterVersion(); v.Version != 0 || err != nil {
			t.Errorf("RosterVersion of a new database = %d, %v; want 0", v, err)
		}
		if _, err := tx.Roster(); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Roster of a new database: %v, want ErrNotFound", err)
		}
		return nil
	})
	want := sampleRoster()
	update(t, db, func(tx bot.Tx) error { return tx.PutRoster(want) })
	if want.Version != 1 {
		t.Errorf("first PutRoster set version %d, want 1", want.Version)
	}
	second := want.Clone()
	second.Members[0].Units = []string{"ban-thi"}
	update(t, db, func(tx bot.Tx) error { return tx.PutRoster(second) })
	if second.Version != 2 {
		t.Errorf("second PutRoster set version %d, want 2", second.Version)
	}
	view(t, db, func(tx bot.Tx) error {
		v, err := tx.RosterVersion()
		got, rerr := tx.Roster()
		if v.Version != 2 || v.Sum == 0 || err != nil || rerr != nil {
			t.Fatalf("RosterVersion = %d, %v; Roster: %v", v, err, rerr)
		}
		if !reflect.DeepEqual(got, second) {
			t.Errorf("Roster = %+v\nwant %+v", got, second)
		}
		return nil
	})
}

// TestRosterChecksum: a bit flipped in the stored roster is ErrCorrupt that
// names it, and Verify lists it.
func TestRosterChecksum(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error { return tx.PutRoster(sampleRoster()) })
	flip(t, db, bucketRoster, keyRoster, -10)
	view(t, db, func(tx bot.Tx) error {
		if _, err := tx.Roster(); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Roster of a damaged record: %v, want ErrCorrupt", err)
		}
		return nil
	})
	_, damaged, err := db.Verify(context.Background())
	if err != nil || len(damaged) != 1 || damaged[0].Bucket != "roster" {
		t.Errorf("Verify = %+v, %v; want the roster named", damaged, err)
	}
}

// TestMigrateV4ToV5Roster: a database of schema version 4 (today's main
// before the roster moved in) opens at version 5 with its data intact and
// no roster yet, so the bot seeds it from its YAML.
func TestMigrateV4ToV5Roster(t *testing.T) {
	path := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		if err := btx.DeleteBucket(bucketRoster); err != nil {
			return err
		}
		st, err := encode(bot.MemberState{Lang: i18n.EN})
		return errors.Join(err, btx.Bucket(bucketMeta).Put(keyVersion, u64(4)), btx.Bucket(bucketMembers).Put([]byte("binh"), st))
	})
	db := openAt(t, path, Options{NoSync: true})
	if v := storedVersion(t, db); v != 5 {
		t.Fatalf("version = %d; want 5", v)
	}
	view(t, db, func(tx bot.Tx) error {
		if v, err := tx.RosterVersion(); v.Version != 0 || err != nil {
			t.Errorf("RosterVersion after the migration = %d, %v; want 0 (to be seeded)", v, err)
		}
		if st, err := tx.MemberState("binh"); st.Lang != i18n.EN || err != nil {
			t.Errorf("MemberState after the migration = %+v, %v; want it kept", st, err)
		}
		return nil
	})
}

// TestRosterChangeAudited: seeding and each change of a roster stored by
// bot.UpdateRoster leave one audit entry each, with who and before → after,
// and never the phone number itself.
func TestRosterChangeAudited(t *testing.T) {
	db := openTest(t)
	base := (&bot.Config{Form: bot.Form{Fields: []bot.Field{{ID: "households_escaped", Type: bot.FieldInteger, Target: true}}}}).WithRoster(sampleRoster())
	at := time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		_, _, err := bot.SeedRoster(tx, base, at)
		return err
	})
	next := base.Roster()
	next.Member("binh").Name = "Hoàng Thị Bình B"
	next.Member("binh").Phone = "0912 000 009"
	update(t, db, func(tx bot.Tx) error {
		changes, err := bot.UpdateRoster(tx, base, next, "office", at.Add(time.Minute))
		if len(changes) != 2 {
			t.Errorf("changes = %+v, want the name and the phone", changes)
		}
		return err
	})
	var got []bot.AuditEntry
	err := db.bolt.View(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			var e bot.AuditEntry
			err := decode(v, &e)
			got = append(got, e)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("audit = %+v, want 3 entries", got)
	}
	if !strings.Contains(got[0].Detail, "v1: seeded") || got[1].Member != "office" ||
		got[1].Detail != `v2: member binh name: "Hoàng Thị Bình" → "Hoàng Thị Bình B"` || got[2].Detail != "v2: member binh phone changed" {
		t.Errorf("audit = %+v", got)
	}
	for _, e := range got {
		if strings.Contains(e.Detail, "0912") {
			t.Errorf("a phone number in the audit: %q", e.Detail)
		}
	}
}

// BenchmarkRosterVersion is what each engine transaction pays to learn
// whether the roster changed: one read of the stamp in a real bbolt
// transaction.
func BenchmarkRosterVersion(b *testing.B) {
	db := openTest(b)
	update(b, db, func(tx bot.Tx) error { return tx.PutRoster(sampleRoster()) })
	err := db.bolt.View(func(btx *bolt.Tx) error {
		t := &tx{btx: btx}
		for b.Loop() {
			if _, err := t.RosterVersion(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
