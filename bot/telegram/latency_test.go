package telegram

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbot/bot/telegram/telegramtest"
)

// newcomerLatency plays a newcomer on Telegram's real limits: the invite
// link's /start CODE, /baocao, then a press on their unit, each as soon as
// the bot has answered the one before (an emulator, or a quick thumb). It
// returns how long the press took to be answered: from the press reaching
// the fake Bot API to the reply arriving there.
func newcomerLatency(t testing.TB) time.Duration {
	r := newRig(t)
	r.sender.Limiter = NewLimiter()
	r.start()
	inv, err := r.eng.Invite(context.Background(), "nguyen-van-an")
	if err != nil {
		t.Fatal(err)
	}
	an := telegramtest.User{ID: 9201, FirstName: "An", LanguageCode: "vi"}
	r.fake.Text(an, "/start "+inv.Display())
	r.waitText(an.ID, "Xin chào Nguyễn Văn An")
	menu := r.say(an, "/baocao")
	if !strings.Contains(menu.Text, "Chọn đơn vị") {
		t.Fatalf("no unit list: %q", menu.Text)
	}
	before := r.activity(an.ID)
	pressed := time.Now()
	_, qid := r.fake.Press(an, menu.ID, r.button(menu, "Xã Ngọc Phái").CallbackData)
	r.wait("reply to the press", func() bool { return r.fake.Answered(qid) && r.activity(an.ID) > before })
	took := time.Since(pressed)
	// Within Telegram's per-chat burst: the welcome, the unit list, the
	// question; nothing more went to the chat.
	if n := r.activity(an.ID); n > ChatRate.Burst {
		t.Errorf("%d messages to the chat, more than the burst of %d", n, ChatRate.Burst)
	}
	return took
}

// TestFirstPressAfterRegisteringIsPrompt: the first button press after
// registering is answered at once, not after the per-chat bucket refills
// from the registration messages (the welcome is one message, so the burst
// of three covers it, the unit list and the first question). The limiter is
// Telegram's (bot/delivery's TestRateLimiterPerChatBurstThenOnePerSecond).
func TestFirstPressAfterRegisteringIsPrompt(t *testing.T) {
	if d := newcomerLatency(t); d > 400*time.Millisecond {
		t.Errorf("the first press after registering took %v", d)
	}
}

// BenchmarkFirstPressAfterRegistering reports the latency of the first press
// after registering (min, median and max over b.N newcomers).
func BenchmarkFirstPressAfterRegistering(b *testing.B) {
	var lat []time.Duration
	for range b.N {
		lat = append(lat, newcomerLatency(b))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[0].Microseconds())/1e3, "min-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1e3, "median-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1e3, "max-ms")
}
