package store

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"fieldbot/bot"
)

// storedSession is chat's session decoded from the bytes stored, around
// the cache.
func storedSession(t *testing.T, db *DB, chat bot.ChatRef) *bot.Session {
	t.Helper()
	s := new(bot.Session)
	view(t, db, func(tx bot.Tx) error {
		return decode(tx.(*txn).bucket(bucketSessions).Get([]byte(chat.Key())), s)
	})
	return s
}

func readSession(t *testing.T, db *DB, chat bot.ChatRef) *bot.Session {
	t.Helper()
	var s *bot.Session
	view(t, db, func(tx bot.Tx) (err error) { s, err = tx.Session(chat); return err })
	return s
}

// A session read back after PutSession is what decoding the stored bytes
// gives, field for field (times, empty lists), whether it comes from the
// cache or not; and each read is a copy of its own.
func TestSessionReadAsStored(t *testing.T) {
	db := openTest(t)
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	chat := bot.ChatRef{Channel: "telegram", ChatID: "7"}
	full := &bot.Session{Chat: chat, Member: "lan", User: "7", Step: bot.StepField, Period: "2020-W38", Unit: "xa-a",
		Field: 2, FieldID: "f3", Answers: map[string]bot.Value{"f1": {Num: 12.5}, "f2": {Text: "Mưa kéo dài"}},
		Trail: []int{0, 1}, Fix: []string{"f4"}, Carried: map[string]bool{"f1": true}, CarriedFrom: "2020-W37",
		CarriedAt: time.Date(2020, 9, 10, 8, 0, 0, 0, hcm), Base: 3, Collect: "f5",
		Inspect: &bot.Inspected{Period: "2020-W38", Unit: "xa-a", Seq: 2}, Nonce: "n1",
		Updated: time.Now(), Shown: time.Now().In(hcm)}
	empty := &bot.Session{Chat: chat, Member: "lan", Step: bot.StepPickUnit, Answers: map[string]bot.Value{},
		Trail: []int{}, Fix: []string{}, Carried: map[string]bool{}, Updated: time.Date(2020, 9, 14, 8, 0, 0, 0, time.UTC)}
	notUTF8 := &bot.Session{Chat: chat, Member: "lan", Step: bot.StepField, Answers: map[string]bot.Value{"f2": {Text: "a\xffb"}}}
	for name, s := range map[string]*bot.Session{"full": full, "empty": empty, "not UTF-8": notUTF8} {
		update(t, db, func(tx bot.Tx) error { return tx.PutSession(s) })
		want := storedSession(t, db, chat)
		for range 2 { // the first read may fill the cache, the second uses it
			if got := readSession(t, db, chat); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: read back\n%#v\nstored\n%#v", name, got, want)
			}
		}
	}
	update(t, db, func(tx bot.Tx) error { return tx.PutSession(full) })
	got := readSession(t, db, chat)
	got.Answers["f1"], got.Trail[0], got.Fix[0], got.Carried["f9"], got.Inspect.Seq = bot.Value{Num: 1}, 9, "x", true, 9
	if again := readSession(t, db, chat); !reflect.DeepEqual(again, storedSession(t, db, chat)) {
		t.Errorf("a change to a session read reached the next read:\n%#v", again)
	}
	update(t, db, func(tx bot.Tx) error { return tx.DeleteSession(chat) })
	view(t, db, func(tx bot.Tx) error {
		if _, err := tx.Session(chat); err == nil {
			t.Error("a deleted session is still read")
		}
		return nil
	})
}

// Session's texts and shared parts are listed by hand in Clone, asDecoded
// and utf8Session: a field added to it must be added there too.
func TestSessionCacheKnowsEveryField(t *testing.T) {
	var texts, shared []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for f := range typ.Fields() {
			name := prefix + f.Name
			switch k := f.Type.Kind(); {
			case f.Type == reflect.TypeFor[time.Time]():
				texts = append(texts, name+" (time)")
			case k == reflect.String:
				texts = append(texts, name)
			case k == reflect.Struct:
				walk(name+".", f.Type)
			case k == reflect.Map || k == reflect.Slice || k == reflect.Pointer:
				shared = append(shared, name+" "+f.Type.String())
			}
		}
	}
	walk("", reflect.TypeFor[bot.Session]())
	wantTexts := []string{"Chat.Channel", "Chat.ChatID", "Member", "User", "Step", "Period", "Unit", "FieldID",
		"Quick", "CarriedFrom", "CarriedAt (time)", "Collect", "Nonce", "Updated (time)", "Shown (time)"}
	wantShared := []string{"Answers map[string]bot.Value", "Trail []int", "Fix []string", "Carried map[string]bool",
		"Inspect *bot.Inspected"}
	if !slices.Equal(texts, wantTexts) || !slices.Equal(shared, wantShared) {
		t.Errorf("bot.Session changed: texts %q, shared %q; update Session.Clone, asDecoded, utf8Session and this test", texts, shared)
	}
}
