package telegram

import (
	"context"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestNumberingRestartAfterAQuietWeek: Telegram numbers updates afresh, and
// lower, after a week without any. The poller must not confirm them away
// with its old offset, and the engine must not take them for redeliveries.
func TestNumberingRestartAfterAQuietWeek(t *testing.T) {
	r := newRig(t)
	u := r.user(4100, "nguyen-van-an")
	r.start()
	first := r.fake.Text(u, "/trangthai")
	r.wait("the first reply", func() bool { return r.activity(4100) == 1 })
	// As in a week of quiet polling, Telegram has had the next getUpdates,
	// which confirms the first update.
	r.wait("the first update confirmed", func() bool {
		for _, c := range r.fake.Calls("getUpdates") {
			if c.Params["offset"] == itoa(int(SeqOf(first))) {
				return true
			}
		}
		return false
	})
	r.halt()
	// The fake may still hold the cancelled long poll (offset above the new
	// numbers); let it end, as a week of polling would have long ago.
	r.wait("the last long poll to end", func() bool {
		for _, c := range r.fake.Calls("getUpdates") {
			if c.Status == 0 {
				return false
			}
		}
		return true
	})
	// A quiet week: the newest update seen is now eight days old.
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.SetInboundTime(Name, time.Now().Add(-8*24*time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	r.fake.SetNextUpdateID(500) // far below the stored offset
	r.fake.Text(u, "/trangthai")
	r.fake.Text(u, "/trogiup")
	r.restart()
	r.wait("replies to the renumbered updates", func() bool { return r.activity(4100) == 3 })
	r.halt()
	// The mark follows the new numbering: the next update is handled too,
	// and nothing is handled twice.
	r.start()
	r.fake.Text(u, "/trangthai")
	r.wait("the reply after the restart", func() bool { return r.activity(4100) == 4 })
	r.halt() // everything under way finishes: a duplicate would show now
	if n := r.activity(4100); n != 4 {
		t.Errorf("%d replies, want 4", n)
	}
}

// TestRedeliveryAfterRenumberingIsSkipped drives the engine's rule directly:
// an old update redelivered next to renumbered ones is not handled again.
func TestRedeliveryAfterRenumberingIsSkipped(t *testing.T) {
	r := newRig(t)
	r.user(4200, "nguyen-van-an")
	t0 := time.Date(2020, 9, 1, 9, 0, 0, 0, time.UTC)
	up := func(seq uint64, at time.Time) bot.Update {
		return bot.Update{Chat: bot.ChatRef{Channel: Name, ChatID: "4200"}, UserID: "4200", Text: "/trangthai", Seq: seq, At: at}
	}
	steps := []struct {
		u    bot.Update
		want bool
	}{
		{up(1000, t0), true},
		{up(1000, t0), false},                   // redelivered
		{up(500, t0.Add(8*24*time.Hour)), true}, // numbering started again lower
		{up(1001, t0.Add(time.Minute)), false},  // an old number, a week old
		{up(501, t0.Add(8*24*time.Hour+time.Minute)), true},
		{up(501, t0.Add(8*24*time.Hour+time.Minute)), false},
		{up(400, t0.Add(8*24*time.Hour+2*time.Minute)), false}, // lower, but no quiet week
	}
	for i, s := range steps {
		before := r.outboxLen()
		if err := r.eng.Handle(context.Background(), []bot.Update{s.u}); err != nil {
			t.Fatal(err)
		}
		if got := r.outboxLen() > before; got != s.want {
			t.Errorf("step %d (seq %d): handled = %v, want %v", i, s.u.Seq, got, s.want)
		}
	}
}
