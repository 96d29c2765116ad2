package delivery_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

var t0 = time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC)

func tg(id string) bot.ChatRef { return bot.ChatRef{Channel: "telegram", ChatID: id} }

func isGroup(c bot.ChatRef) bool { return strings.HasPrefix(c.ChatID, "-") }

// per is the windows' span in these tests: a second and a margin.
const per = time.Second + 60*time.Millisecond

// telegramLike is the limiter with Telegram's published limits and a margin.
func telegramLike() *delivery.RateLimiter {
	return delivery.NewRateLimiter(delivery.Window{Calls: 30, Per: per}, delivery.Window{Calls: 1, Per: per},
		delivery.Window{Calls: 20, Per: time.Minute}, isGroup)
}

func TestRateLimiterOnePerChatPerWindow(t *testing.T) {
	l := telegramLike()
	if ok, _ := l.Reserve(tg("1"), 1, t0); !ok {
		t.Fatal("first message refused")
	}
	ok, retry := l.Reserve(tg("1"), 1, t0)
	if ok || !retry.Equal(t0.Add(per)) {
		t.Fatalf("second message at once: ok=%v retry=%v, want refused until +%v", ok, retry.Sub(t0), per)
	}
	if ok, _ := l.Reserve(tg("2"), 1, t0); !ok {
		t.Error("another chat is held back by chat 1")
	}
	if ok, _ := l.Reserve(tg("1"), 1, t0.Add(per-time.Nanosecond)); ok {
		t.Error("allowed before the window passed")
	}
	if ok, _ := l.Reserve(tg("1"), 1, t0.Add(per)); !ok {
		t.Error("refused once the window passed")
	}
}

// accepted is a record of the calls a limiter let through, checked against
// a sliding window the way the strict fake counts.
type accepted []time.Time

// worst is the most calls in any span of d.
func (a accepted) worst(d time.Duration) int {
	most := 0
	for i := range a {
		n := 0
		for j := i; j < len(a) && a[j].Sub(a[i]) < d; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func TestRateLimiterGlobalSlidingWindow(t *testing.T) {
	l := telegramLike()
	allowed := 0
	for i := range 100 {
		if ok, _ := l.Reserve(tg(fmt.Sprint(i)), 1, t0); ok {
			allowed++
		}
	}
	if allowed != 30 {
		t.Fatalf("%d chats allowed at one instant, want the window's 30", allowed)
	}
	ok, retry := l.Reserve(tg("x"), 1, t0.Add(time.Second))
	if ok || !retry.Equal(t0.Add(per)) {
		t.Errorf("over the global limit: ok=%v retry=%v", ok, retry.Sub(t0))
	}
	// Over one simulated minute of eager, jittered asks, never more than 30
	// in any second (nor in any 1.06 s), and about 30/1.06 a second.
	rng := rand.New(rand.NewPCG(1, 2))
	l = telegramLike()
	var got accepted
	for at := t0; at.Before(t0.Add(time.Minute)); at = at.Add(time.Duration(rng.IntN(4000)) * time.Microsecond) {
		if ok, _ := l.Reserve(tg(fmt.Sprint("c", len(got), at.UnixNano())), 1, at); ok {
			got = append(got, at)
		}
	}
	if w := got.worst(per); w > 30 {
		t.Errorf("%d calls in one window of %v, want at most 30", w, per)
	}
	if want := int(60 * 30 / per.Seconds()); len(got) < want-30 {
		t.Errorf("%d calls in a minute, want about %d", len(got), want)
	}
}

func TestRateLimiterRefusalTakesNothing(t *testing.T) {
	l := delivery.NewRateLimiter(delivery.Window{Calls: 1, Per: time.Second}, delivery.Window{Calls: 1, Per: time.Second}, delivery.Window{}, nil)
	l.Reserve(tg("1"), 1, t0) // both windows full now
	if ok, _ := l.Reserve(tg("2"), 1, t0); ok {
		t.Fatal("global window not shared")
	}
	// Chat 2's refusal (by the global window) must not count in chat 2's.
	if ok, _ := l.Reserve(tg("2"), 1, t0.Add(time.Second)); !ok {
		t.Error("chat 2 was charged for a refused reservation")
	}
}

func TestRateLimiterGroups(t *testing.T) {
	l := telegramLike()
	group := tg("-1001234")
	var got accepted
	for ms := 0; ms < 180_000; ms += 200 { // try hard, five times a second, for 3 minutes
		at := t0.Add(time.Duration(ms) * time.Millisecond)
		if ok, _ := l.Reserve(group, 1, at); ok {
			got = append(got, at)
		}
	}
	if w := got.worst(time.Minute); w > 20 {
		t.Errorf("%d messages to a group in a minute, want at most 20", w)
	}
	if len(got) < 60 {
		t.Errorf("%d messages to a group in 3 minutes, want 60", len(got))
	}
}

func TestRateLimiterZeroWindowIsUnlimited(t *testing.T) {
	l := delivery.NewRateLimiter(delivery.Window{}, delivery.Window{}, delivery.Window{}, nil)
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
	// An idle chat forgotten comes back free, and its window still holds.
	if ok, _ := l.Reserve(tg("0"), 1, t0.Add(4000*time.Second)); !ok {
		t.Fatal("idle chat refused")
	}
	if ok, _ := l.Reserve(tg("0"), 1, t0.Add(4000*time.Second)); ok {
		t.Fatal("idle chat allowed twice in a window")
	}
}

// TestRateLimiterChargesEveryCall: a message of several calls (text parts,
// a photo, a document) is charged for each.
func TestRateLimiterChargesEveryCall(t *testing.T) {
	l := telegramLike()
	if ok, _ := l.Reserve(tg("1"), 5, t0); !ok {
		t.Fatal("an empty window refused a five-call message")
	}
	if ok, retry := l.Reserve(tg("1"), 1, t0.Add(time.Second)); ok || !retry.Equal(t0.Add(per)) {
		t.Errorf("after 5 calls at once, next = %v at %v; want a wait until %v", ok, retry.Sub(t0), per)
	}
	// Globally, the five count: 25 more fit, not 26.
	n := 0
	for i := range 40 {
		if ok, _ := l.Reserve(tg(fmt.Sprint("g", i)), 1, t0); ok {
			n++
		}
	}
	if n != 25 {
		t.Errorf("%d calls fit after a five-call message, want 25", n)
	}
}

// TestRateLimiterMoveCountsTheCallWhenMade: a call reserved at pick time and
// made later counts from when it is made, and moving it never overfills a
// window that later calls were counted against.
func TestRateLimiterMoveCountsTheCallWhenMade(t *testing.T) {
	l := telegramLike()
	l.Reserve(tg("1"), 1, t0)
	late := t0.Add(300 * time.Millisecond)
	if ok, _ := l.Move(tg("1"), t0, late); !ok {
		t.Fatal("moving a call within its window refused")
	}
	l.Done(tg("1"), late, late) // answered at once
	if ok, retry := l.Reserve(tg("1"), 1, t0.Add(per)); ok || !retry.Equal(late.Add(per)) {
		t.Errorf("after the move, next = %v at %v; want a wait until %v", ok, retry.Sub(t0), late.Add(per).Sub(t0))
	}
	// Fill the global window after a reservation, then move that one: it
	// fits, and nothing more does.
	l = telegramLike()
	l.Reserve(tg("a"), 1, t0)
	for i := range 29 {
		l.Reserve(tg(fmt.Sprint("b", i)), 1, t0.Add(time.Duration(i)*time.Millisecond))
	}
	if ok, _ := l.Move(tg("a"), t0, t0.Add(500*time.Millisecond)); !ok {
		t.Fatal("move refused though every later call was counted with it")
	}
	if ok, _ := l.Reserve(tg("c"), 1, t0.Add(600*time.Millisecond)); ok {
		t.Error("a 31st call fit in the window")
	}
}

// TestRateLimiterCountsACallUntilItsAnswer: a call made counts while it is
// under way, however long that takes, and then for a window's span after its
// answer came back, not after it was made.
func TestRateLimiterCountsACallUntilItsAnswer(t *testing.T) {
	l := telegramLike()
	l.Reserve(tg("1"), 1, t0)
	if ok, _ := l.Move(tg("1"), t0, t0); !ok {
		t.Fatal("the reserved call refused")
	}
	if ok, retry := l.Reserve(tg("1"), 1, t0.Add(2*per)); ok || !retry.Equal(t0.Add(3*per)) {
		t.Errorf("with a call under way for two spans, next = %v at %v; want a wait of at least a span", ok, retry.Sub(t0))
	}
	answered := t0.Add(300 * time.Millisecond)
	l.Done(tg("1"), t0, answered)
	if ok, retry := l.Reserve(tg("1"), 1, t0.Add(per)); ok || !retry.Equal(answered.Add(per)) {
		t.Errorf("a span after the call was made, next = %v at %v; want a wait until a span after its answer, %v",
			ok, retry.Sub(t0), answered.Add(per).Sub(t0))
	}
	if ok, _ := l.Move(tg("1"), time.Time{}, answered.Add(per)); !ok {
		t.Error("a span after the answer, an unreserved call refused")
	}
	// Over all chats too: 30 calls under way hold the window until answered.
	l = telegramLike()
	for i := range 30 {
		l.Move(tg(fmt.Sprint("c", i)), time.Time{}, t0)
	}
	if ok, _ := l.Reserve(tg("d"), 1, t0.Add(5*per)); ok {
		t.Error("a 31st call fit while 30 were under way")
	}
	l.Done(tg("c0"), t0, t0.Add(5*per))
	if ok, _ := l.Reserve(tg("d"), 1, t0.Add(6*per)); !ok {
		t.Error("a span after one of the 30 was answered, no call fit")
	}
}

// TestRateLimiterRandomNeverOverfills: random reservations, calls made
// (reserved or not) and answers, on a clock that only goes forward, with each
// call reaching the platform at a random moment between when it was made and
// when its answer came back (up to 400 ms later): the calls as the platform
// counts them, at their arrival, never put more in a window than it holds.
func TestRateLimiterRandomNeverOverfills(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	l := delivery.NewRateLimiter(delivery.Window{Calls: 5, Per: time.Second}, delivery.Window{Calls: 2, Per: time.Second}, delivery.Window{}, nil)
	type call struct {
		chat            string
		made, end, seen time.Time
	}
	var reserved, underway []call
	arrived := map[string]accepted{}
	var all accepted
	now := t0
	for range 20000 {
		now = now.Add(time.Duration(rng.IntN(60)) * time.Millisecond)
		slices.SortFunc(underway, func(a, b call) int { return a.end.Compare(b.end) })
		for len(underway) > 0 && !underway[0].end.After(now) {
			c := underway[0]
			underway = underway[1:]
			l.Done(tg(c.chat), c.made, c.end)
			arrived[c.chat] = append(arrived[c.chat], c.seen)
			all = append(all, c.seen)
		}
		chat := fmt.Sprint(rng.IntN(4))
		var from time.Time
		switch rng.IntN(3) {
		case 0: // the Sender picks a message
			if ok, _ := l.Reserve(tg(chat), 1, now); ok {
				reserved = append(reserved, call{chat: chat, made: now})
			}
			continue
		case 1: // the first call of a picked message is made
			if len(reserved) == 0 {
				continue
			}
			chat, from = reserved[0].chat, reserved[0].made
			reserved = reserved[1:]
		}
		if ok, _ := l.Move(tg(chat), from, now); ok {
			trip := time.Duration(rng.IntN(400)) * time.Millisecond
			seen := now.Add(time.Duration(rng.Int64N(int64(trip) + 1)))
			underway = append(underway, call{chat: chat, made: now, end: now.Add(trip), seen: seen})
		}
	}
	if len(all) < 1000 {
		t.Fatalf("only %d calls made; the test proves little", len(all))
	}
	sortTimes := func(a accepted) accepted { slices.SortFunc(a, time.Time.Compare); return a }
	if w := sortTimes(all).worst(time.Second); w > 5 {
		t.Errorf("%d calls reached the platform in a global window of 5", w)
	}
	for c, a := range arrived {
		if w := sortTimes(a).worst(time.Second); w > 2 {
			t.Errorf("chat %s: %d calls reached the platform in a window of 2", c, w)
		}
	}
}
