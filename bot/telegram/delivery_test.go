package telegram

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
)

// TestRestartMidStream stops and restarts the whole bot (poller, sender,
// database) twice while members keep sending: every update gets exactly one
// reply, none is lost.
func TestRestartMidStream(t *testing.T) {
	r := newRig(t)
	members := []string{"nguyen-van-an", "hoang-thi-binh", "ma-van-cuong", "trieu-thi-dung", "luong-van-hai"}
	var users []telegramtest.User
	for i, m := range members {
		users = append(users, r.user(int64(2001+i), m))
	}
	const perUser = 30
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the members type on, whatever the bot is doing
		defer wg.Done()
		for i := range perUser {
			for _, u := range users {
				r.fake.Text(u, "xin chào "+strconv.Itoa(i))
			}
			time.Sleep(time.Millisecond)
		}
	}()
	r.start()
	total := func() int {
		n := 0
		for _, u := range users {
			n += r.sent("sendMessage", u.ID)
		}
		return n
	}
	r.wait("a third of the replies", func() bool { return total() >= len(users)*perUser/3 })
	r.restart()
	r.wait("two thirds of the replies", func() bool { return total() >= 2*len(users)*perUser/3 })
	r.restart()
	wg.Wait()
	r.wait("every reply", func() bool { return total() >= len(users)*perUser })
	r.halt()
	if err := r.sender.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if n := r.sent("sendMessage", u.ID); n != perUser {
			t.Errorf("user %d: %d replies to %d updates", u.ID, n, perUser)
		}
	}
	if p := r.fake.Pending(); p != 0 {
		var off uint64
		_ = r.db.View(context.Background(), func(tx bot.Tx) error { off, _ = tx.Offset(Name); return nil })
		t.Logf("%d updates not yet confirmed to Telegram (stored offset %d); they are confirmed by the next poll", p, off)
	}
}

// TestFaultsStillDeliverEverythingInOrder injects 500s, HTML 502s and 429s
// into a third of the sends: every outbox message gets through, in order per
// chat, while the rate limiter (on a simulated clock) paces them.
func TestFaultsStillDeliverEverythingInOrder(t *testing.T) {
	r := newRig(t)
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method != "sendMessage" {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		switch rng.IntN(9) {
		case 0:
			return telegramtest.ServerError()
		case 1:
			return telegramtest.BadGateway()
		case 2:
			return telegramtest.TooManyRequests(1)
		}
		return nil
	})
	now := time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC)
	r.sender.Clock = bot.ClockFunc(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	r.sender.Limiter = NewLimiter()
	r.sender.Backoff = nil // the real exponential backoff with jitter, on the simulated clock
	chats := []string{"3001", "3002", "3003", "-1003004", "3005", "3006"}
	const perChat = 12
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range perChat {
			for _, c := range chats {
				if _, err := tx.Enqueue(&bot.Outgoing{Chat: to(c), Text: fmt.Sprintf("%s #%02d", c, i)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for step := 0; step < 5000 && r.outboxLen() > 0; step++ {
		if _, err := r.sender.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(250 * time.Millisecond)
		mu.Unlock()
	}
	if n := r.outboxLen(); n != 0 {
		t.Fatalf("%d messages never delivered", n)
	}
	for _, c := range chats {
		id, _ := strconv.ParseInt(c, 10, 64)
		ms := r.fake.Messages(id)
		if len(ms) != perChat {
			t.Errorf("chat %s: %d messages, want %d", c, len(ms), perChat)
			continue
		}
		for i, m := range ms {
			if want := fmt.Sprintf("%s #%02d", c, i); m.Text != want {
				t.Errorf("chat %s message %d is %q, want %q", c, i, m.Text, want)
			}
		}
	}
	faults := 0
	for _, c := range r.fake.Calls("sendMessage") {
		if c.Status != 200 {
			faults++
		}
	}
	if faults < 10 {
		t.Errorf("only %d faults injected; the test proves little", faults)
	}
}

// TestBlockedUserGoesToDeadLettersOnce: a 403 is never retried; the reason
// is kept and the member marked unreachable.
func TestBlockedUserGoesToDeadLettersOnce(t *testing.T) {
	r := newRig(t)
	r.user(4001, "nguyen-van-an")
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Chat() == "4001" {
			return telegramtest.Blocked()
		}
		return nil
	})
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, text := range []string{"nhắc báo cáo", "tổng hợp"} {
			if _, err := tx.Enqueue(&bot.Outgoing{Chat: to("4001"), Text: text}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := r.sender.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(r.fake.Calls("sendMessage")); n != 2 {
		t.Errorf("%d sends to a blocked user, want one per message, no retries", n)
	}
	var dead []bot.DeadLetter
	var ids []bot.Identity
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		dead, _ = tx.DeadLetters(time.Time{})
		ids, _ = tx.IdentitiesOf("nguyen-van-an")
		return nil
	})
	if len(dead) != 2 || !strings.Contains(dead[0].Reason, "bot was blocked by the user") ||
		strings.Contains(dead[0].Reason, testToken) || dead[0].Cause != bot.ReasonBlocked {
		t.Errorf("dead letters %+v", dead)
	}
	if len(ids) != 1 || ids[0].Unreachable != bot.ReasonBlocked {
		t.Errorf("accounts %+v, want one, unreachable: blocked", ids)
	}
}

// outboxLen is how many telegram messages wait in the outbox.
func (r *rig) outboxLen() int {
	n := 0
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.Outbox(Name, 0)
		n = len(out)
		return err
	})
	return n
}

// TestRefusedPhotoCostsNothingElse: Telegram refusing a digest's chart (a
// bad request about that photo) neither loses the text and the workbook
// nor marks the reader unreachable.
func TestRefusedPhotoCostsNothingElse(t *testing.T) {
	r := newRig(t)
	r.user(4002, "ha-duc-thang")
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendPhoto" {
			return &telegramtest.Fault{Code: 400, Description: "Bad Request: PHOTO_INVALID_DIMENSIONS"}
		}
		return nil
	})
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Enqueue(&bot.Outgoing{Chat: to("4002"), Text: "BÁO CÁO TỔNG HỢP", Attach: []bot.Attachment{
			{Name: "tonghop.png", Photo: true, Data: []byte("png")}, {Name: "tonghop.xlsx", Data: []byte("xlsx")}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.sender.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m, p, d := len(r.fake.Calls("sendMessage")), len(r.fake.Calls("sendPhoto")), len(r.fake.Calls("sendDocument")); m != 1 || p != 1 || d != 1 {
		t.Errorf("calls: sendMessage %d, sendPhoto %d, sendDocument %d; want 1 each", m, p, d)
	}
	var ids []bot.Identity
	var dead []bot.DeadLetter
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		ids, _ = tx.IdentitiesOf("ha-duc-thang")
		dead, _ = tx.DeadLetters(time.Time{})
		return nil
	})
	if len(ids) != 1 || ids[0].Unreachable != "" || len(dead) != 0 || r.outboxLen() != 0 {
		t.Errorf("accounts %+v, dead letters %d, outbox %d; want one reachable, none, empty", ids, len(dead), r.outboxLen())
	}
}

// TestHungCallServesTheOtherChats: through the fake Bot API, a sendMessage
// to one chat that never answers does not hold the other chats' replies;
// the hung message is tried once until its call times out.
func TestHungCallServesTheOtherChats(t *testing.T) {
	r := newRig(t)
	r.fake.Hook(func(c telegramtest.Call) *telegramtest.Fault {
		if c.Method == "sendMessage" && c.Chat() == "3001" {
			return telegramtest.Hang()
		}
		return nil
	})
	r.ch.CallTimeout = 3 * time.Second
	r.sender.PassWindow = 50 * time.Millisecond
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, c := range []string{"3001", "3002"} {
			if _, err := tx.Enqueue(&bot.Outgoing{Chat: to(c), Text: "first to " + c}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.start()
	r.wait("the other chat's reply", func() bool { return len(r.fake.Messages(3002)) == 1 })
	start := time.Now()
	err = r.db.Update(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Enqueue(&bot.Outgoing{Chat: to("3002"), Text: "second to 3002"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.sender.Flush(context.Background()) // nudges a pass at once (Run also gets there)
	r.wait("the other chat's second reply", func() bool { return len(r.fake.Messages(3002)) == 2 })
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the other chat waited %s behind the hung one", d)
	}
	if n := len(r.fake.Calls("sendMessage")); n > 3 {
		t.Errorf("%d sendMessage calls, want the hung one tried once", n)
	}
}
