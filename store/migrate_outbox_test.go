package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// TestMigrateV3ToV4Outbox: a version 3 outbox (rows with their attachments'
// bytes inline, no indexes) opens at version 4 with its indexes built, the
// bytes moved to outblobs once, and dead letters without bytes.
func TestMigrateV3ToV4Outbox(t *testing.T) {
	png := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 100)
	rows := []*bot.Outgoing{
		msg("telegram", "1", "a"), msg("telegram", "2", "b"), msg("telegram", "1", "c"), msg("zalo", "1", "d"),
	}
	rows[0].Attach = []bot.Attachment{{Name: "chart.png", Photo: true, Data: png}}
	rows[1].Attach = []bot.Attachment{{Name: "chart.png", Photo: true, Data: png}}
	rows[2].NotBefore = time.Date(2020, 9, 14, 9, 0, 0, 0, time.UTC)
	path := rawDB(t, func(btx *bolt.Tx) error {
		if err := createBuckets(btx); err != nil {
			return err
		}
		dead, err := encode(bot.DeadLetter{Out: bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: "9"},
			Attach: []bot.Attachment{{Name: "tonghop.xlsx", Data: []byte("sheet")}}}, Cause: bot.ReasonBlocked, Reason: "blocked"})
		if err != nil {
			return err
		}
		errs := []error{btx.Bucket(bucketMeta).Put(keyVersion, u64(3)), btx.Bucket(bucketDead).Put(u64(99), dead)}
		for i, o := range rows {
			v, err := encode(o)
			errs = append(errs, err, btx.Bucket(bucketOutbox).Put(u64(uint64(i+1)), v))
		}
		return errors.Join(errs...)
	})
	db := openAt(t, path, Options{NoSync: true})
	if v := storedVersion(t, db); v != schemaVersion(migrations) { // 4, then the later steps
		t.Fatalf("version = %d; want %d", v, schemaVersion(migrations))
	}
	checkOutbox(t, db, "after the migration")
	view(t, db, func(tx bot.Tx) error {
		var chats []string
		_ = tx.DueChats("telegram", func(c bot.ChatRef, _ time.Time) bool { chats = append(chats, c.ChatID); return true })
		if len(chats) != 2 || chats[0] != "1" || chats[1] != "2" {
			t.Errorf("DueChats after the migration = %v; want [1 2]", chats)
		}
		got, err := tx.ChatOutbox(bot.ChatRef{Channel: "telegram", ChatID: "1"}, 0)
		if err == nil && len(got) > 0 {
			err = tx.LoadAttachments(&got[0])
		}
		if err != nil || len(got) != 2 || got[0].Text != "a" || !bytes.Equal(got[0].Attach[0].Data, png) || got[1].Text != "c" {
			t.Errorf("chat 1's outbox = %+v, %v; want a (with its picture), c", got, err)
		}
		dl, err := tx.DeadLetters(time.Time{})
		if err != nil || len(dl) != 1 || dl[0].Out.Attach[0].Data != nil || dl[0].Out.Attach[0].Hash != hashOf([]byte("sheet")) {
			t.Errorf("dead letters = %+v, %v; want the attachment's name and hash, no data", dl, err)
		}
		return nil
	})
	_ = db.bolt.View(func(btx *bolt.Tx) error {
		if n := btx.Bucket(bucketOutBlobs).Stats().KeyN; n != 1 {
			t.Errorf("outblobs holds %d contents; want the picture once", n)
		}
		return nil
	})
}
