package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
)

// enqueueAll stores msgs in the outbox in one transaction.
func (r *rig) enqueueAll(msgs ...*bot.Outgoing) {
	r.t.Helper()
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, m := range msgs {
			if _, err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
}

// accepted is the times of the message calls the fake took (status 200),
// oldest first, over all chats or for one (chat non-empty).
func (r *rig) accepted(chat string) []time.Time {
	var at []time.Time
	for _, c := range r.fake.Calls("") {
		if c.Status == 200 && counts(c.Method) && (chat == "" || c.Chat() == chat) {
			at = append(at, c.At)
		}
	}
	return at
}

// counts reports whether Telegram's limits count a call of method.
func counts(method string) bool {
	switch method {
	case "sendMessage", "sendPhoto", "sendDocument", "editMessageText":
		return true
	}
	return false
}

// worstWindow is the most calls in any span of d.
func worstWindow(at []time.Time, d time.Duration) int {
	most := 0
	for i := range at {
		n := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < d; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

// TestStrictFakeCountsSlidingWindows: the strict fake refuses a call that
// would put one more message in any window than allowed, not only within
// fixed buckets, answers 429 with a retry_after the client reads, and
// counts the refusals.
func TestStrictFakeCountsSlidingWindows(t *testing.T) {
	r := newRig(t)
	r.fake.Enforce(telegramtest.Limits{Global: telegramtest.Window{Calls: 3, Per: 400 * time.Millisecond},
		Private: telegramtest.Window{Calls: 1, Per: time.Second}, Group: telegramtest.Window{Calls: 2, Per: time.Minute}})
	send := func(chat string) error {
		return r.ch.Send(context.Background(), &bot.Outgoing{ID: uint64(time.Now().UnixNano()), Chat: to(chat), Text: "x"})
	}
	start := time.Now()
	for i := range 3 {
		if err := send(fmt.Sprint(100 + i)); err != nil {
			t.Fatalf("call %d within the limit: %v", i+1, err)
		}
	}
	sent := time.Now()                                   // the three calls were counted by now
	time.Sleep(250*time.Millisecond - time.Since(start)) // across any bucket edge, still inside the window
	var se *bot.SendError
	if err := send("200"); !errors.As(err, &se) || se.Reason != bot.ReasonRateLimited || se.RetryAfter != time.Second {
		t.Fatalf("4th call in the window: %v, want rate limited for 1s", err)
	}
	time.Sleep(400*time.Millisecond - time.Since(sent)) // every counted call is out of the window
	if err := send("200"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if err := send("200"); err == nil {
		t.Error("a second call to one private chat within a second went through")
	}
	if err := send("-300"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := send("-300"); err != nil {
		t.Fatalf("second message to a group: %v", err)
	}
	time.Sleep(400 * time.Millisecond)
	if err := send("-300"); !errors.As(err, &se) || se.RetryAfter < 58*time.Second {
		t.Errorf("third message to a group in a minute: %v, want a wait of about a minute", err)
	}
	if n := r.fake.Limited(); n != 3 {
		t.Errorf("%d refusals counted, want 3", n)
	}
}

// TestLimiterKeepsStrictLimits: 60 members, a digest of a text, a photo and
// a workbook to one leader, three messages to one member and five to a
// group, all at once through the Sender (8 workers) and the real client:
// everything arrives, no call is refused, and the calls to the leader are a
// second apart.
func TestLimiterKeepsStrictLimits(t *testing.T) {
	r := newRig(t)
	r.fake.Enforce(telegramtest.TelegramLimits)
	r.sender.Limiter, r.sender.Workers = NewLimiter(), 8
	var msgs []*bot.Outgoing
	for i := range 60 {
		msgs = append(msgs, &bot.Outgoing{Chat: to(strconv.Itoa(6000 + i)), Text: "Nhắc báo cáo tuần"})
	}
	msgs = append(msgs, &bot.Outgoing{Chat: to("7000"), Text: "BÁO CÁO TỔNG HỢP", Attach: []bot.Attachment{
		{Name: "tonghop.png", Photo: true, Data: []byte("png")}, {Name: "tonghop.xlsx", Data: []byte("xlsx")}}})
	for i := range 3 {
		msgs = append(msgs, &bot.Outgoing{Chat: to("7001"), Text: fmt.Sprint("phần ", i)})
	}
	for i := range 5 {
		msgs = append(msgs, &bot.Outgoing{Chat: to("-1007002"), Text: fmt.Sprint("nhóm ", i)})
	}
	r.enqueueAll(msgs...)
	r.start()
	want := 60 + 3 + 3 + 5
	r.wait("every call", func() bool { return len(r.accepted("")) == want })
	if n := r.fake.Limited(); n != 0 {
		t.Errorf("%d calls refused with 429", n)
	}
	if w := worstWindow(r.accepted(""), time.Second); w > 30 {
		t.Errorf("%d calls in one second", w)
	}
	for _, chat := range []string{"7000", "7001"} {
		if w := worstWindow(r.accepted(chat), time.Second); w > 1 {
			t.Errorf("chat %s: %d calls in one second", chat, w)
		}
	}
}

// TestPerChat429PausesThatChatOnly: two chats keep being told to wait
// (another bot instance, say, spent their per-chat quota) while a third
// member's messages keep going out at the per-chat rate; the two chats get
// theirs after the retry_after.
func TestPerChat429PausesThatChatOnly(t *testing.T) {
	r := newRig(t)
	r.sender.Limiter, r.sender.Workers = NewLimiter(), 8
	var mu sync.Mutex
	refuse := map[string]int{"8001": 1, "8002": 1}
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		mu.Lock()
		defer mu.Unlock()
		if c.Method != "sendMessage" || refuse[c.Chat()] == 0 {
			return nil
		}
		refuse[c.Chat()]--
		return telegramtest.TooManyRequests(5)
	})
	var msgs []*bot.Outgoing
	for _, chat := range []string{"8001", "8002"} {
		msgs = append(msgs, &bot.Outgoing{Chat: to(chat), Text: "A"})
	}
	for i := range 4 {
		msgs = append(msgs, &bot.Outgoing{Chat: to("8003"), Text: fmt.Sprint("B", i)})
	}
	r.enqueueAll(msgs...)
	start := time.Now()
	r.start()
	r.wait("chat B's messages", func() bool { return len(r.accepted("8003")) == 4 })
	if took := time.Since(start); took > 4*time.Second+ChatRate.Per {
		t.Errorf("chat B's 4 messages took %v: it was paused for the other chats' 429s", took)
	}
	b := r.accepted("8003")
	for i := 1; i < len(b); i++ {
		if gap := b[i].Sub(b[i-1]); gap > ChatRate.Per+time.Second {
			t.Errorf("chat B waited %v between messages", gap)
		}
	}
	r.wait("the refused chats' messages", func() bool { return len(r.accepted("8001")) == 1 && len(r.accepted("8002")) == 1 })
	for _, chat := range []string{"8001", "8002"} {
		var refused []time.Time
		for _, c := range r.fake.Calls("sendMessage") {
			if c.Chat() == chat && c.Status == 429 {
				refused = append(refused, c.At)
			}
		}
		if len(refused) == 0 {
			t.Fatalf("chat %s was never refused; the test proves little", chat)
		}
		if ok := r.accepted(chat)[0]; ok.Sub(refused[len(refused)-1]) < 5*time.Second {
			t.Errorf("chat %s sent again %v after its 429, before the retry_after of 5s", chat, ok.Sub(refused[len(refused)-1]))
		}
	}
}
