package telegram

import (
	"strconv"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
)

// reminderMembers is how many members the reminder goes to.
const reminderMembers = 1000

// BenchmarkReminderStrictLimits: a reminder to 1,000 members (one message
// each, 1,000 private chats) queued at once and sent by the real Sender (8
// workers, as fieldbot run has) through the real client, with Telegram's
// limiter, to a fake Bot API that enforces Telegram's limits strictly
// (sliding windows). It reports the rate achieved as a share of the 30/s
// cap (messages over the time from the start to the last one accepted),
// the 429s answered, the most messages the fake took in any 1 s, and the
// seconds the reminder took. Each op is one whole reminder (about 36 s):
// run it with -benchtime=1x.
func BenchmarkReminderStrictLimits(b *testing.B) {
	for range b.N {
		b.StopTimer()
		r := newRig(b)
		r.fake.Enforce(telegramtest.TelegramLimits)
		r.sender.Limiter, r.sender.Workers = NewLimiter(), 8
		msgs := make([]*bot.Outgoing, reminderMembers)
		for i := range msgs {
			msgs[i] = &bot.Outgoing{Chat: to(strconv.Itoa(5_000_000 + i)), Text: "Nhắc: hạn nộp báo cáo tuần là 17:00 thứ Sáu."}
		}
		r.enqueueAll(msgs...)
		b.StartTimer()
		start := time.Now()
		r.start()
		for r.delivered() < reminderMembers { // polled: waking on every call would cost CPU the sends need
			if time.Since(start) > 5*time.Minute {
				b.Fatalf("%d of %d delivered after 5 minutes", r.delivered(), reminderMembers)
			}
			time.Sleep(20 * time.Millisecond)
		}
		at := r.accepted("")
		took := at[len(at)-1].Sub(start)
		b.StopTimer()
		r.halt()
		b.ReportMetric(float64(reminderMembers)/took.Seconds()/30, "rate/cap")
		b.ReportMetric(float64(r.fake.Limited()), "429s")
		b.ReportMetric(float64(worstWindow(at, time.Second)), "max-per-1s")
		b.ReportMetric(took.Seconds(), "s/reminder")
		b.ReportMetric(0, "ns/op")
	}
}

// delivered counts the sendMessage calls the fake took.
func (r *rig) delivered() int {
	n := 0
	for _, c := range r.fake.Calls("sendMessage") {
		if c.Status == 200 {
			n++
		}
	}
	return n
}
