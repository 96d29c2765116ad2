package store

import (
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

func TestAudit(t *testing.T) {
	db := openTest(t)
	t0 := time.Date(2020, 9, 14, 15, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	entries := []bot.AuditEntry{
		{At: t0.Add(time.Hour), Member: "lan", Action: "report", Detail: "2020-W38/bang"},
		{At: t0, Member: "hoa", Action: "bind"},
		{At: t0, Member: "hoa", Action: "lang", Detail: "en"}, // same second: both kept
	}
	update(t, db, func(tx bot.Tx) error {
		for _, e := range entries {
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	var keys []string
	var got []bot.AuditEntry
	err := db.bolt.View(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			var e bot.AuditEntry
			keys = append(keys, string(k[:21]))
			got = append(got, e)
			return decode(v, &got[len(got)-1])
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"2020-09-14T08:00:00Z/", "2020-09-14T08:00:00Z/", "2020-09-14T09:00:00Z/"}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("audit keys = %q, want %q", keys, wantKeys)
	}
	order := []int{1, 2, 0} // time order, then insertion order
	for i, j := range order {
		if i < len(got) && (!got[i].At.Equal(entries[j].At) || got[i].Action != entries[j].Action) {
			t.Errorf("audit entry %d = %+v, want %+v", i, got[i], entries[j])
		}
	}
}
