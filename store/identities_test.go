package store

import (
	"errors"
	"reflect"
	"testing"

	"fieldbot/bot"
)

func TestIdentity(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		if _, err := tx.Identity("telegram", "42"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Identity of an unknown user = %v, want ErrNotFound", err)
		}
		if err := tx.PutIdentity("telegram", "42", "lan"); err != nil {
			return err
		}
		if m, err := tx.Identity("telegram", "42"); m != "lan" || err != nil {
			t.Errorf("Identity = %q, %v; want lan", m, err)
		}
		if _, err := tx.Identity("zalo", "42"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Identity on another channel = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestIdentitiesOf(t *testing.T) {
	db := openTest(t)
	update(t, db, func(tx bot.Tx) error {
		return errors.Join(
			tx.PutIdentity("zalo", "z9", "lan"),
			tx.PutIdentity("telegram", "42", "lan"),
			tx.PutIdentity("telegram", "43", "lan2"), // "lan" is a prefix of "lan2"
			tx.PutIdentity("telegram", "44", "hoa"),
			tx.PutIdentity("telegram", "44", "lan"), // rebinding moves user 44 from hoa to lan
		)
	})
	tests := []struct {
		member string
		want   []bot.ChatRef
	}{
		{"lan", []bot.ChatRef{{Channel: "telegram", ChatID: "42"}, {Channel: "telegram", ChatID: "44"}, {Channel: "zalo", ChatID: "z9"}}},
		{"lan2", []bot.ChatRef{{Channel: "telegram", ChatID: "43"}}},
		{"hoa", nil},
		{"nobody", nil},
	}
	view(t, db, func(tx bot.Tx) error {
		for _, tt := range tests {
			got, err := tx.IdentitiesOf(tt.member)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("IdentitiesOf(%s) = %v, %v; want %v", tt.member, got, err, tt.want)
			}
		}
		if m, _ := tx.Identity("telegram", "44"); m != "lan" {
			t.Errorf("Identity(telegram, 44) = %q after rebinding, want lan", m)
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
			if err := tx.PutIdentity(c.channel, c.user, c.member); err == nil {
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
		want := bot.MemberState{Lang: "en", Unreachable: "blocked the bot"}
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
