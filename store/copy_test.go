package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestValuesOutliveTransaction reads every kind of value, then grows the file
// until bbolt remaps it: values that pointed into the old map would now hold
// garbage or fault.
func TestValuesOutliveTransaction(t *testing.T) {
	db := openTest(t)
	chat := bot.ChatRef{Channel: "telegram", ChatID: "42"}
	r := report("2020-W38", "bang", 1)
	out := msg("telegram", "42", "xin chào")
	update(t, db, func(tx bot.Tx) error {
		enqueue(t, tx, out)
		enqueue(t, tx, msg("telegram", "42", "dead"))
		return errors.Join(
			tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "lan"}),
			tx.PutSession(&bot.Session{Chat: chat, Member: "lan", Nonce: "n"}),
			tx.PutReport(r),
			tx.DeadLetter(2, bot.ReasonChatGone, "gone", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)),
		)
	})
	type snapshot struct {
		Member bot.Identity
		Chats  []bot.Identity
		Sess   *bot.Session
		Latest *bot.Report
		Revs   []bot.Report
		Period []bot.Report
		Out    []bot.Outgoing
		Dead   []bot.DeadLetter
	}
	read := func() (s snapshot) {
		view(t, db, func(tx bot.Tx) (err error) {
			s.Member, _ = tx.Identity("telegram", "42")
			s.Chats, _ = tx.IdentitiesOf("lan")
			s.Sess, _ = tx.Session(chat)
			s.Latest, _ = tx.LatestReport("2020-W38", "bang")
			s.Revs, _ = tx.Revisions("2020-W38", "bang")
			s.Period, _ = tx.PeriodReports("2020-W38")
			s.Out, _ = tx.Outbox("telegram", 0)
			s.Dead, err = tx.DeadLetters(time.Time{})
			return err
		})
		return s
	}
	before := read()
	filler := strings.Repeat("x", 4000)
	for i := range 20 {
		update(t, db, func(tx bot.Tx) error {
			for j := range 50 {
				if err := tx.PutMemberState(fmt.Sprint("m", i, "-", j), bot.MemberState{Lang: i18n.Lang(filler)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if after := read(); !reflect.DeepEqual(before, after) || before.Member.Member != "lan" || len(before.Dead) != 1 {
		t.Errorf("values read before the file grew changed:\nbefore %+v\nafter  %+v", before, after)
	}
}
