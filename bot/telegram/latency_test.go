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
// took to stop (from the press being queued at the fake Bot API to the
// answerCallbackQuery arriving), and how much later than the per-chat limit
// allows the reply came: from the later of the press and one ChatRate span
// after the chat's previous message was answered (a call counts until a
// window after its answer, delivery.Pace), to the reply arriving.
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
	var last, prev telegramtest.Call
	for _, c := range r.fake.Calls("") {
		if c.Chat() != fmt.Sprint(an.ID) || c.Status != 200 || !strings.HasPrefix(c.Method, "send") && !strings.HasPrefix(c.Method, "edit") {
			continue
		}
		if !last.At.IsZero() && c.At.Sub(last.At) < time.Second {
			t.Errorf("%s to the chat %v after the one before", c.Method, c.At.Sub(last.At))
		}
		prev, last = last, c
	}
	if n := r.fake.Limited(); n != 0 {
		t.Errorf("%d calls refused with 429", n)
	}
	allowed := prev.Answered.Add(ChatRate.Per)
	if pressed.After(allowed) {
		allowed = pressed
	}
	return spinner, last.At.Sub(allowed)
}

// prompt is how late the press's answer and its reply may come and still be
// prompt. What this test exists to catch are holds of a per-chat window
// (ChatRate.Per, 1.06 s): the answer counted as a message and made to wait
// for the chat's window, or the reply waiting a window more than the limit
// requires, or for the poller's long-poll timeout (1 s in the rig): each
// makes the measure about a window however fast the machine (the press
// comes milliseconds after the message before it). What
// legitimately comes between is a getUpdates answer, one bbolt transaction,
// a Sender pass and an HTTP call: a few milliseconds, which a loaded 2-core
// machine running the race detector stretches to a few hundred (620 ms seen
// once with three CPU hogs beside it). Three quarters of a window (795 ms)
// lies between the two.
var prompt = ChatRate.Per * 3 / 4

// TestFirstPressAfterRegisteringIsPrompt: the first button press after
// registering stops its spinner without waiting for the chat's window, and
// the reply goes as soon as the per-chat limit allows (one message a window
// after the previous one was answered), not a window or more later; no two
// messages reach the chat within a second, and none is refused (prompt
// says how late is late).
func TestFirstPressAfterRegisteringIsPrompt(t *testing.T) {
	spinner, reply := newcomerLatency(t)
	if spinner > prompt {
		t.Errorf("the press's spinner stopped after %v", spinner)
	}
	if reply > prompt {
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
