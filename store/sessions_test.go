package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"fieldbot/bot"
)

func TestSession(t *testing.T) {
	db := openTest(t)
	chat := bot.ChatRef{Channel: "telegram", ChatID: "-100"}
	want := &bot.Session{
		Chat: chat, Member: "lan", Step: bot.StepField, Period: "2020-W38", Unit: "bang-lung",
		Field: 3, Answers: map[string]bot.Value{"rice": {Num: 12.5}, "note": {Text: "ổn"}},
		Trail: []int{0, 1, 2}, Editing: true, Base: 2, Nonce: "n1",
		Updated: time.Date(2020, 9, 14, 8, 30, 0, 0, time.UTC),
	}
	update(t, db, func(tx bot.Tx) error {
		if _, err := tx.Session(chat); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Session before put = %v, want ErrNotFound", err)
		}
		return tx.PutSession(want)
	})
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Session(chat)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Session = %+v, %v\nwant %+v", got, err, want)
		}
		// A negative chat id is its own key, not the positive one's.
		if _, err := tx.Session(bot.ChatRef{Channel: "telegram", ChatID: "100"}); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Session(telegram/100) = %v, want ErrNotFound", err)
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		if err := tx.DeleteSession(chat); err != nil {
			return err
		}
		if _, err := tx.Session(chat); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Session after delete = %v, want ErrNotFound", err)
		}
		return tx.DeleteSession(chat) // deleting a missing session is fine
	})
}

func TestSessionsSweep(t *testing.T) {
	db := openTest(t)
	now := time.Date(2020, 9, 14, 12, 0, 0, 0, time.UTC)
	update(t, db, func(tx bot.Tx) error {
		for i, age := range []time.Duration{time.Minute, 3 * time.Hour, 5 * time.Hour, 10 * time.Minute} {
			s := &bot.Session{Chat: bot.ChatRef{Channel: "console", ChatID: string(rune('a' + i))}, Updated: now.Add(-age)}
			if err := tx.PutSession(s); err != nil {
				return err
			}
		}
		// An expiry sweep deletes while it walks.
		return tx.Sessions(func(s *bot.Session) error {
			if s.Expired(now, time.Hour) {
				return tx.DeleteSession(s.Chat)
			}
			return nil
		})
	})
	var left []string
	view(t, db, func(tx bot.Tx) error {
		return tx.Sessions(func(s *bot.Session) error { left = append(left, s.Chat.ChatID); return nil })
	})
	if !reflect.DeepEqual(left, []string{"a", "d"}) {
		t.Errorf("sessions after sweep = %v, want [a d]", left)
	}
	stop := errors.New("stop")
	calls := 0
	err := db.View(t.Context(), func(tx bot.Tx) error {
		return tx.Sessions(func(*bot.Session) error { calls++; return stop })
	})
	if err != stop || calls != 1 {
		t.Errorf("Sessions with failing fn = %v after %d calls; want stop after 1", err, calls)
	}
}
