package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"fieldbot/bot"
)

func TestIdentity(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		if _, err := tx.Identity("telegram", "42"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Identity of an unknown user = %v, want ErrNotFound", err)
		}
		if err := tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "lan"}); err != nil {
			return err
		}
		want := bot.Identity{Channel: "telegram", UserID: "42", Member: "lan", Chat: "42"} // chat defaults to the user
		if m, err := tx.Identity("telegram", "42"); m != want || err != nil {
			t.Errorf("Identity = %+v, %v; want %+v", m, err, want)
		}
		if _, err := tx.Identity("zalo", "42"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Identity on another channel = %v, want ErrNotFound", err)
		}
		return nil
	})
}

// TestIdentityKeepsItsPrivateChatAndMark: on Zalo the private chat's id is
// not the user's; the record keeps both, and the unreachable mark.
func TestIdentityKeepsItsPrivateChatAndMark(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 17, 8, 0, 0, 0, time.UTC)
	want := bot.Identity{Channel: "zalo", UserID: "u-7f3a", Member: "lan", Chat: "c-91bb",
		Unreachable: bot.ReasonBlocked, UnreachableAt: at}
	update(t, db, func(tx bot.Tx) error { return tx.PutIdentity(want) })
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Identity("zalo", "u-7f3a")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Identity = %+v, %v; want %+v", got, err, want)
		}
		if c := got.ChatRef(); c != (bot.ChatRef{Channel: "zalo", ChatID: "c-91bb"}) {
			t.Errorf("ChatRef = %v, want the private chat", c)
		}
		return nil
	})
}

func TestIdentitiesOf(t *testing.T) {
	db := openTest(t)
	put := func(tx bot.Tx, channel, user, member, chat string) error {
		return tx.PutIdentity(bot.Identity{Channel: channel, UserID: user, Member: member, Chat: chat})
	}
	update(t, db, func(tx bot.Tx) error {
		return errors.Join(
			put(tx, "zalo", "z9", "lan", "zc9"),
			put(tx, "telegram", "42", "lan", ""),
			put(tx, "telegram", "43", "lan2", ""), // "lan" is a prefix of "lan2"
			put(tx, "telegram", "44", "hoa", ""),
			put(tx, "telegram", "44", "lan", ""), // rebinding moves user 44 from hoa to lan
		)
	})
	tests := []struct {
		member string
		want   []bot.ChatRef
	}{
		{"lan", []bot.ChatRef{{Channel: "telegram", ChatID: "42"}, {Channel: "telegram", ChatID: "44"}, {Channel: "zalo", ChatID: "zc9"}}},
		{"lan2", []bot.ChatRef{{Channel: "telegram", ChatID: "43"}}},
		{"hoa", nil},
		{"nobody", nil},
	}
	view(t, db, func(tx bot.Tx) error {
		for _, tt := range tests {
			ids, err := tx.IdentitiesOf(tt.member)
			var got []bot.ChatRef
			for _, id := range ids {
				got = append(got, id.ChatRef())
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("IdentitiesOf(%s) = %v, %v; want %v", tt.member, got, err, tt.want)
			}
		}
		if m, _ := tx.Identity("telegram", "44"); m.Member != "lan" {
			t.Errorf("Identity(telegram, 44) = %+v after rebinding, want lan", m)
		}
		return nil
	})
}

func TestIdentityRefusesBadKeys(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		for _, c := range []struct{ channel, user, member string }{
			{"", "42", "lan"}, {"tele/gram", "42", "lan"}, {"telegram", "", "lan"},
			{"telegram", "42", ""}, {"telegram", "42", "l/an"},
		} {
			if err := tx.PutIdentity(bot.Identity{Channel: c.channel, UserID: c.user, Member: c.member}); err == nil {
				t.Errorf("PutIdentity(%q, %q, %q) succeeded", c.channel, c.user, c.member)
			}
		}
		if _, err := tx.IdentitiesOf("a/b"); err == nil || errors.Is(err, bot.ErrNotFound) {
			t.Errorf("IdentitiesOf(a/b) = %v, want a key error", err)
		}
		return nil
	})
}

func TestMemberState(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		if st, err := tx.MemberState("lan"); st != (bot.MemberState{}) || err != nil {
			t.Errorf("MemberState of an unknown member = %+v, %v; want zero, nil", st, err)
		}
		want := bot.MemberState{Lang: "en"}
		if err := tx.PutMemberState("lan", want); err != nil {
			return err
		}
		if st, err := tx.MemberState("lan"); st != want || err != nil {
			t.Errorf("MemberState = %+v, %v; want %+v", st, err, want)
		}
		if st, _ := tx.MemberState("hoa"); st != (bot.MemberState{}) {
			t.Errorf("another member's state = %+v, want zero", st)
		}
		return nil
	})
}
