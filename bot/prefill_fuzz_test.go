package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// lastWeekReports are week 37 reports of the fuzz engine's units: Cao Sơn's
// answers fit the form; An Bình's do not any more (too many households, a
// choice that is gone, a text over the limit), so carrying must drop them.
var lastWeekReports = []bot.Report{
	{Period: "2020-W37", Unit: "cao-son", Member: "hung", Channel: "console", Values: map[string]bot.Value{
		"households": {Num: 4}, "rate": {Num: 12.5}, "area": {Num: 2.25}, "progress": {Text: "behind"}, "meeting": {Text: "yes"},
		"asof": {Text: "2020-09-08"}, "difficulties": {Text: "Mưa lũ"}, "photo": {Text: "file:/nowhere.jpg"}}},
	{Period: "2020-W37", Unit: "an-binh", Member: "lan", Channel: "console", Values: map[string]bot.Value{
		"households": {Num: 2000}, "disbursed": {Num: 250.5}, "progress": {Text: "gone"}, "meeting": {Text: "maybe"},
		"asof": {Text: "08/09/2020"}, "difficulties": {Text: strings.Repeat("dài ", 30)}}},
}

// FuzzLastWeek types any text at any open question while last week's
// report exists, with and without answers carried from it: keep, "như kỳ
// trước", /baocao N (the pre-filled review) and the rest. The engine never
// panics or fails.
func FuzzLastWeek(f *testing.F) {
	for pick := range uint8(14) {
		for _, s := range []string{"/giunguyen", "giữ nguyên", "như kỳ trước", "Như tuần trước", "same as last week", "/baocao 1", "/baocao 2",
			"/xacnhan", "1", "3", "/sua", "/quaylai", "/boqua", "12", "xin chào", ""} {
			f.Add(pick, true, s)
			f.Add(pick, false, s)
		}
	}
	fe := newFuzzEngine(f)
	f.Fuzz(func(t *testing.T, pick uint8, carried bool, text string) {
		fe.runs++
		if fe.runs%5000 == 0 {
			fe.open()
		}
		ctx := context.Background()
		err := fe.db.Update(ctx, func(tx bot.Tx) error {
			for _, r := range lastWeekReports {
				if _, err := tx.LatestReport(r.Period, r.Unit); !errors.Is(err, bot.ErrNotFound) {
					continue // there already, or failing: PutSession below says
				}
				r.At = time.Date(2020, 9, 9, 9, 0, 0, 0, fe.cfg.Area.Location)
				if err := tx.PutReport(&r); err != nil {
					return err
				}
			}
			s := fe.session(pick)
			if carried && s.Unit != "" {
				s.Carried = map[string]bool{"households": true, "progress": true, "difficulties": true, "gone": true}
				s.CarriedFrom, s.CarriedAt = "2020-W37", time.Date(2020, 9, 9, 9, 0, 0, 0, fe.cfg.Area.Location)
				s.Answers["difficulties"] = bot.Value{Text: "Mưa lũ"}
			}
			return tx.PutSession(s)
		})
		if err != nil {
			t.Fatal(err)
		}
		s := fe.session(pick)
		fe.logs.reset()
		u := bot.Update{Chat: s.Chat, UserID: s.Member, Text: text}
		if err := fe.eng.Handle(ctx, []bot.Update{u}); err != nil {
			t.Fatalf("Handle(%q) with %s open: %v", text, s.Step, err)
		}
		if msg := fe.logs.failure(); msg != "" {
			t.Fatalf("Handle(%q) with %s open (carried %v): %s", text, s.Step, carried, msg)
		}
	})
}
