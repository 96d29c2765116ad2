package delivery_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

var t0 = time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC)

func tg(id string) bot.ChatRef { return bot.ChatRef{Channel: "telegram", ChatID: id} }

func isGroup(c bot.ChatRef) bool { return strings.HasPrefix(c.ChatID, "-") }

// telegramLike is the limiter with Telegram's published limits.
func telegramLike() *delivery.RateLimiter {
	return delivery.NewRateLimiter(delivery.Rate{Every: time.Second / 30, Burst: 30}, delivery.Rate{Every: time.Second, Burst: 3},
		delivery.Rate{Every: 3 * time.Second, Burst: 1}, isGroup)
}

func TestRateLimiterPerChatBurstThenOnePerSecond(t *testing.T) {
	l := telegramLike()
	for i := range 3 {
		if ok, _ := l.Reserve(tg("1"), 1, t0); !ok {
			t.Fatalf("burst message %d refused", i+1)
		}
	}
	ok, retry := l.Reserve(tg("1"), 1, t0)
	if ok || !retry.Equal(t0.Add(time.Second)) {
		t.Fatalf("4th message at once: ok=%v retry=%v, want refused until +1s", ok, retry)
	}
	if ok, _ := l.Reserve(tg("2"), 1, t0); !ok {
		t.Error("another chat is held back by chat 1")
	}
	if ok, _ := l.Reserve(tg("1"), 1, t0.Add(999*time.Millisecond)); ok {
		t.Error("allowed before a second passed")
	}
	if ok, _ := l.Reserve(tg("1"), 1, t0.Add(time.Second)); !ok {
		t.Error("refused after a second")
	}
	// Sending steadily at 1/s never runs out.
	for i := 2; i < 60; i++ {
		if ok, _ := l.Reserve(tg("1"), 1, t0.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("steady 1/s refused at %ds", i)
		}
	}
}

func TestRateLimiterGlobal(t *testing.T) {
	l := telegramLike()
	allowed := 0
	for i := range 100 {
		if ok, _ := l.Reserve(tg(fmt.Sprint(i)), 1, t0); ok {
			allowed++
		}
	}
	if allowed != 30 {
		t.Fatalf("%d chats allowed at one instant, want the global burst of 30", allowed)
	}
	ok, retry := l.Reserve(tg("x"), 1, t0)
	if ok || !retry.Equal(t0.Add(time.Second/30)) {
		t.Errorf("over the global limit: ok=%v retry=%v", ok, retry)
	}
	// Over one simulated minute, at most 30/s plus the burst go out.
	allowed = 0
	for ms := 0; ms < 60_000; ms += 5 {
		if ok, _ := l.Reserve(tg(fmt.Sprint("c", ms)), 1, t0.Add(time.Duration(ms)*time.Millisecond)); ok {
			allowed++
		}
	}
	if allowed > 60*30+1 || allowed < 60*30-2 {
		t.Errorf("%d messages in a minute, want about 1800", allowed)
	}
}

func TestRateLimiterRefusalTakesNothing(t *testing.T) {
	l := delivery.NewRateLimiter(delivery.Rate{Every: time.Second, Burst: 1}, delivery.Rate{Every: time.Second, Burst: 1}, delivery.Rate{}, nil)
	l.Reserve(tg("1"), 1, t0) // both buckets empty now
	if ok, _ := l.Reserve(tg("2"), 1, t0); ok {
		t.Fatal("global bucket not shared")
	}
	// Chat 2's refusal (by the global bucket) must not have spent chat 2's token.
	if ok, _ := l.Reserve(tg("2"), 1, t0.Add(time.Second)); !ok {
		t.Error("chat 2 lost its token to a refused reservation")
	}
}

func TestRateLimiterGroups(t *testing.T) {
	l := telegramLike()
	group := tg("-1001234")
	sent := 0
	for s := 0; s < 60; s++ {
		for range 5 { // try hard, five times a second
			if ok, _ := l.Reserve(group, 1, t0.Add(time.Duration(s)*time.Second)); ok {
				sent++
			}
		}
	}
	if sent > 20 {
		t.Errorf("%d messages to a group in a minute, want at most 20", sent)
	}
	if sent < 19 {
		t.Errorf("%d messages to a group in a minute, want about 20", sent)
	}
}

func TestRateLimiterZeroRateIsUnlimited(t *testing.T) {
	l := delivery.NewRateLimiter(delivery.Rate{}, delivery.Rate{}, delivery.Rate{}, nil)
	for i := range 1000 {
		if ok, _ := l.Reserve(tg("1"), 1, t0); !ok {
			t.Fatalf("refused message %d", i)
		}
	}
}

func TestRateLimiterForgetsIdleChats(t *testing.T) {
	l := telegramLike()
	for i := range 3000 {
		l.Reserve(tg(fmt.Sprint(i)), 1, t0.Add(time.Duration(i)*time.Second))
	}
	// An idle chat forgotten comes back with a full burst, never with less.
	for i := range 3 {
		if ok, _ := l.Reserve(tg("0"), 1, t0.Add(4000*time.Second)); !ok {
			t.Fatalf("burst message %d refused after idling", i+1)
		}
	}
}

// TestRateLimiterChargesEveryCall: a message of several calls (text parts,
// a photo, a document) is charged for each, so the per-chat rate holds for
// calls, not messages.
func TestRateLimiterChargesEveryCall(t *testing.T) {
	l := telegramLike()
	if ok, _ := l.Reserve(tg("1"), 5, t0); !ok {
		t.Fatal("a full bucket refused a five-call message")
	}
	ok, retry := l.Reserve(tg("1"), 1, t0.Add(2*time.Second))
	if ok || !retry.Equal(t0.Add(3*time.Second)) {
		t.Errorf("after 5 calls at once, next = %v at %v; want a wait until t0+3s (1 call/s)", ok, retry.Sub(t0))
	}
	if ok, _ := l.Reserve(tg("1"), 1, t0.Add(3*time.Second)); !ok {
		t.Error("refused once the debt was paid")
	}
}
