package bot_test

import (
	"context"
	"reflect"
	"testing"

	"fieldbot/bot"
)

func init() { navCommands["keep"] = "/giunguyen" }

// TestLastWeekOnTwoChannels: on a channel with buttons (pressed) and on a
// text-only one (the commands read off the text), last week's answers are
// kept one by one in the guided flow, then a week later the pre-filled
// review is confirmed at once; both weeks store last week's figures.
func TestLastWeekOnTwoChannels(t *testing.T) {
	first := []step{
		{typed: "/baocao"}, {choose: 1}, {typed: "12"}, {typed: "350,5"}, {nav: "skip"}, {nav: "skip"},
		{choose: 2}, {choose: 1}, {nav: "skip"}, {typed: "Thiếu xi măng"}, {nav: "skip"}, {nav: "confirm"},
	}
	kept := []step{
		{typed: "/baocao"}, {choose: 1}, {nav: "keep"}, {nav: "keep"}, {nav: "skip"}, {nav: "skip"},
		{nav: "keep"}, {nav: "keep"}, {nav: "skip"}, {nav: "keep"}, {nav: "skip"}, {nav: "confirm"},
	}
	unchanged := []step{{typed: "/baocao 1"}, {nav: "confirm"}}
	for _, ch := range []*fakeChannel{richChannel(), plainChannel()} {
		t.Run(ch.name, func(t *testing.T) {
			r := newChannelRig(t, ch)
			a := account{channel: ch.name, user: "u-lan", chat: "u-lan"}
			if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
				t.Fatal(err)
			}
			var weeks [][]bot.Report
			for i, script := range [][]step{first, kept, unchanged} {
				for _, s := range script {
					r.play(a, s)
				}
				period := []string{"2020-W38", "2020-W39", "2020-W40"}[i]
				var revs []bot.Report
				if err := r.db.View(context.Background(), func(tx bot.Tx) error {
					var err error
					revs, err = tx.Revisions(period, "an-binh")
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if len(revs) != 1 {
					t.Fatalf("%s: %d revisions, want 1; last reply:\n%s", period, len(revs), ch.last(t).out.Text)
				}
				weeks = append(weeks, revs)
				r.now = r.now.AddDate(0, 0, 7)
			}
			for i, w := range weeks[1:] {
				if !reflect.DeepEqual(w[0].Values, weeks[0][0].Values) {
					t.Errorf("week %d = %+v, want week 38's %+v", 39+i, w[0].Values, weeks[0][0].Values)
				}
			}
		})
	}
}
