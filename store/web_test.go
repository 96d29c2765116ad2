package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestWebKey: the key is made once, kept across a reopen, and not made
// by a read-only transaction.
func TestWebKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fieldbot.db")
	db := openAt(t, path, Options{NoSync: true})
	view(t, db, func(tx bot.Tx) error {
		if _, err := tx.WebKey(); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("WebKey in a read-only transaction before any = %v, want ErrNotFound", err)
		}
		return nil
	})
	var k1, k2 []byte
	update(t, db, func(tx bot.Tx) (err error) { k1, err = tx.WebKey(); return err })
	update(t, db, func(tx bot.Tx) (err error) { k2, err = tx.WebKey(); return err })
	if len(k1) != webKeySize || !bytes.Equal(k1, k2) || bytes.Equal(k1, make([]byte, webKeySize)) {
		t.Fatalf("keys %x and %x", k1, k2)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{NoSync: true})
	view(t, db, func(tx bot.Tx) error {
		k, err := tx.WebKey()
		if err != nil || !bytes.Equal(k, k1) {
			t.Errorf("after reopening: %x, %v; want %x", k, err, k1)
		}
		return nil
	})
	other := openTest(t)
	update(t, other, func(tx bot.Tx) error {
		k, err := tx.WebKey()
		if err == nil && bytes.Equal(k, k1) {
			t.Error("two databases have the same key")
		}
		return err
	})
}

// TestWebLoginOnce: a nonce is used once, and the use is seen by a reader.
func TestWebLoginOnce(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC)
	for i, want := range []bool{false, true} {
		update(t, db, func(tx bot.Tx) error {
			used, err := tx.UseWebLogin("n1", at)
			if used != want {
				t.Errorf("use %d: used = %v, want %v", i+1, used, want)
			}
			return err
		})
	}
	view(t, db, func(tx bot.Tx) error {
		a, err := tx.WebLoginUsed("n1")
		b, err2 := tx.WebLoginUsed("n2")
		if !a || b {
			t.Errorf("used: n1 %v, n2 %v", a, b)
		}
		return errors.Join(err, err2)
	})
}

// TestSentDigests: records come back newest period first, whole; a period
// recorded again is replaced.
func TestSentDigests(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 21, 7, 30, 0, 0, time.UTC)
	rec := func(period, text string) bot.SentDigest {
		return bot.SentDigest{Period: period, Sent: at, Readers: 3, Langs: map[i18n.Lang]bot.SentDigestText{
			i18n.VI: {Text: text, Files: []bot.SentFile{{Name: "a.png", Blob: "h1", Photo: true}, {Name: "a.pdf", Blob: "h2", Chair: true}}},
			i18n.EN: {Text: text + " en"}}}
	}
	update(t, db, func(tx bot.Tx) error {
		for _, d := range []bot.SentDigest{rec("2020-W38", "old"), rec("2020-W36", "b"), rec("2020-W37", "c"), rec("2020-W38", "a")} {
			if err := tx.PutSentDigest(d); err != nil {
				return err
			}
		}
		if err := tx.PutSentDigest(bot.SentDigest{}); err == nil {
			t.Error("a record without a period was stored")
		}
		return nil
	})
	view(t, db, func(tx bot.Tx) error {
		all, err := tx.SentDigests()
		if err != nil {
			return err
		}
		var got []string
		for _, d := range all {
			got = append(got, d.Period+":"+d.Langs[i18n.VI].Text)
		}
		if want := "2020-W38:a 2020-W37:c 2020-W36:b"; joined(got) != want {
			t.Errorf("SentDigests = %s, want %s", joined(got), want)
		}
		d, err := tx.SentDigest("2020-W38")
		if err != nil {
			return err
		}
		w := rec("2020-W38", "a")
		if !d.Sent.Equal(w.Sent) || d.Readers != 3 || len(d.Langs) != 2 || d.Langs[i18n.VI].Files[1] != w.Langs[i18n.VI].Files[1] ||
			d.Langs[i18n.EN].Text != "a en" {
			t.Errorf("SentDigest = %+v", d)
		}
		if _, err := tx.SentDigest("2020-W01"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("a period never sent: %v", err)
		}
		return nil
	})
}

// TestJobRuns lists what JobRan recorded.
func TestJobRuns(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 21, 7, 30, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		_, err := tx.JobRan("escalate/2020-W38", at)
		if err == nil {
			_, err = tx.JobRan("digest/2020-W38", at.Add(time.Hour))
		}
		return err
	})
	view(t, db, func(tx bot.Tx) error {
		runs, err := tx.JobRuns()
		if len(runs) != 2 || runs[0].Key != "digest/2020-W38" || !runs[0].At.Equal(at.Add(time.Hour)) || runs[1].Key != "escalate/2020-W38" {
			t.Errorf("JobRuns = %+v", runs)
		}
		return err
	})
}

func joined(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
	}
	return b.String()
}
