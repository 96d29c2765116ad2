package telegram

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbot/bot/telegram/telegramtest"
)

// newcomerLatency plays a newcomer on Telegram's real limits, against a
// fake that enforces them: the invite link's /start CODE, /baocao, then a
// press on their unit, each as soon as the bot has answered the one before
// (an emulator, or a quick thumb). It returns how long the press's spinner
// took to stop (from the press reaching the fake Bot API to the
// answerCallbackQuery), and how much later than the per-chat limit allows
// the reply came (from the later of the press and one ChatRate span after
// the chat's previous message, to the reply arriving).
func newcomerLatency(t testing.TB) (spinner, reply time.Duration) {
	r := newRig(t)
	r.fake.Enforce(telegramtest.TelegramLimits)
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
	answered := r.fake.Calls("answerCallbackQuery")
	spinner = answered[len(answered)-1].At.Sub(pressed)
	// No two messages to the chat within Telegram's one a second.
	var last, prev time.Time
	for _, c := range r.fake.Calls("") {
		if c.Chat() != fmt.Sprint(an.ID) || !strings.HasPrefix(c.Method, "send") && !strings.HasPrefix(c.Method, "edit") {
			continue
		}
		if !last.IsZero() && c.At.Sub(last) < time.Second {
			t.Errorf("%s to the chat %v after the one before", c.Method, c.At.Sub(last))
		}
		prev, last = last, c.At
	}
	if n := r.fake.Limited(); n != 0 {
		t.Errorf("%d calls refused with 429", n)
	}
	allowed := prev.Add(ChatRate.Per)
	if pressed.After(allowed) {
		allowed = pressed
	}
	return spinner, last.Sub(allowed)
}

// TestFirstPressAfterRegisteringIsPrompt: the first button press after
// registering stops its spinner at once, and the reply goes as soon as the
// per-chat limit allows (one message a second), not later.
func TestFirstPressAfterRegisteringIsPrompt(t *testing.T) {
	spinner, reply := newcomerLatency(t)
	if spinner > 400*time.Millisecond {
		t.Errorf("the press's spinner stopped after %v", spinner)
	}
	if reply > 400*time.Millisecond {
		t.Errorf("the reply came %v after the per-chat limit allowed it", reply)
	}
}

// BenchmarkFirstPressAfterRegistering reports the latency of the first press
// after registering (min, median and max over b.N newcomers).
func BenchmarkFirstPressAfterRegistering(b *testing.B) {
	var lat []time.Duration
	for range b.N {
		_, reply := newcomerLatency(b)
		lat = append(lat, reply)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[0].Microseconds())/1e3, "min-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1e3, "median-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1e3, "max-ms")
}
