package zalo

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/delivery"
	"fieldbot/bot/zalo/zalotest"
	"fieldbot/store"
)

// rig is the whole Zalo side of the bot against the fake Bot API: the
// client, a real bbolt file, the engine on the demo district, the Channel,
// a Sender, and either a Poller or a Webhook (served over HTTP, events
// posted to it by the fake).
type rig struct {
	t      testing.TB
	opts   store.Options
	fake   *zalotest.Server
	api    *API
	cfg    *bot.Config
	path   string
	db     *store.DB
	eng    *bot.Engine
	ch     *Channel
	sender *delivery.Sender
	now    time.Time

	webhook bool             // receive by webhook instead of polling
	hook    *httptest.Server // the webhook's address, while running
	secret  string
	stop    func() // stops the running loops
}

// newRig starts the fake and opens the database without fsync; start runs
// the loops.
func newRig(t testing.TB) *rig { return newRigWith(t, store.Options{NoSync: true}) }

// newRigWith is newRig with the database opened with opts.
func newRigWith(t testing.TB, opts store.Options) *rig {
	t.Helper()
	fake, api := newAPI(t)
	r := &rig{t: t, opts: opts, fake: fake, api: api, cfg: config.Demo(), path: filepath.Join(t.TempDir(), "bot.db"),
		secret: "rig-webhook-secret-0123456789"}
	r.now = time.Date(2020, 9, 16, 9, 0, 0, 0, r.cfg.Area.Location)
	r.open()
	t.Cleanup(func() {
		r.halt()
		r.db.Close()
	})
	return r
}

// open opens the database and builds engine, channel and sender on it.
func (r *rig) open() {
	r.t.Helper()
	db, err := store.Open(r.path, r.opts)
	if err != nil {
		r.t.Fatal(err)
	}
	r.db = db
	r.ch = NewChannel(r.api, quiet)
	clock := bot.ClockFunc(func() time.Time { return r.now })
	r.eng = bot.New(bot.Options{Config: r.cfg, Store: db, Clock: clock, Logger: quiet, Channels: []bot.ChannelInfo{r.ch}})
	r.sender = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: r.ch, Log: quiet, Workers: 4,
		Backoff: func(int) time.Duration { return time.Millisecond }}
}

// start runs the receiver (poller or webhook) and the sender until halt.
func (r *rig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	wake, kick := delivery.NewWake()
	var wg sync.WaitGroup
	if r.webhook {
		r.hook = httptest.NewServer(&Webhook{Secret: r.secret, API: r.api, Handler: r.eng, Wake: kick, Log: quiet})
	} else {
		p := &Poller{API: r.api, Handler: r.eng, Timeout: time.Second, Wake: kick, Log: quiet,
			Backoff: func(int) time.Duration { return time.Millisecond }}
		wg.Add(1)
		go func() { defer wg.Done(); _ = p.Run(ctx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); _ = r.sender.Run(ctx, wake) }()
	r.stop = func() {
		cancel()
		wg.Wait()
		// A poll cut off in flight may still take an event at the fake
		// (and lose it, as the platform may): let it end first.
		r.wait("the cut-off poll to end", func() bool { return r.fake.InFlight("getUpdates") == 0 })
		if r.hook != nil {
			r.hook.Close()
			r.hook = nil
		}
	}
}

// halt stops the loops, as a shutdown would.
func (r *rig) halt() {
	if r.stop != nil {
		r.stop()
		r.stop = nil
	}
}

// restart stops everything, closes the database, and starts again on it
// with a new engine, channel and sender.
func (r *rig) restart() {
	r.t.Helper()
	r.halt()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
	r.start()
}

// deliver hands ev to the bot: queued for the poller, or posted to the
// webhook (in the wrapped shape, or bare for odd message ids).
func (r *rig) deliver(ev zalotest.Event) {
	r.t.Helper()
	if !r.webhook {
		r.fake.Enqueue(ev)
		return
	}
	shape := zalotest.Wrapped
	if id := ev.Message.MessageID; id != "" && (id[len(id)-1]-'0')%2 == 1 {
		shape = zalotest.Bare
	}
	status, err := r.fake.Post(context.Background(), r.hook.URL, r.secret, shape, ev)
	if err != nil || status != 200 {
		r.t.Fatalf("webhook delivery: %d, %v", status, err)
	}
}

// say sends text from u, waits for the bot's reply, and returns what was
// sent to u's chat since.
func (r *rig) say(u zalotest.User, text string) string {
	r.t.Helper()
	return r.sendEvent(u, r.fake.TextEvent(u, text), "reply to "+text)
}

// sendEvent delivers ev from u and waits for replies.
func (r *rig) sendEvent(u zalotest.User, ev zalotest.Event, what string) string {
	r.t.Helper()
	before := len(r.fake.Messages(u.ChatID))
	r.deliver(ev)
	r.wait(what, func() bool { return len(r.fake.Messages(u.ChatID)) > before })
	r.settle(u)
	var b strings.Builder
	for _, m := range r.fake.Messages(u.ChatID)[before:] {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// settle waits until the outbox holds nothing more for u's chat, so that
// a reply in several parts or messages has all arrived.
func (r *rig) settle(u zalotest.User) {
	r.t.Helper()
	r.wait("the outbox to drain", func() bool { return r.outboxLen() == 0 })
}

// outboxLen is how many zalo messages wait in the outbox.
func (r *rig) outboxLen() int {
	n := 0
	_ = r.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.Outbox(Name, 0)
		n = len(out)
		return err
	})
	return n
}

// wait blocks until cond holds, failing the test after a generous deadline.
func (r *rig) wait(what string, cond func() bool) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.fake.Wait(ctx, cond); err != nil {
		r.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// checkSends fails the test if any text went anywhere but the private
// chats of users, or exceeded Zalo's limit, or if a call was refused.
func (r *rig) checkSends(users ...zalotest.User) {
	r.t.Helper()
	chats := map[string]bool{}
	for _, u := range users {
		chats[u.ChatID] = true
	}
	for _, c := range r.fake.Calls("sendMessage") {
		if !chats[c.Chat()] {
			r.t.Errorf("a message went to %q, not a member's private chat", c.Chat())
		}
		if n := utf8.RuneCountInString(c.Params["text"]); n > 2000 {
			r.t.Errorf("a message of %d characters", n)
		}
		if !c.OK {
			r.t.Errorf("a send was refused (%d): %.80q", c.Code, c.Params["text"])
		}
	}
}

func mustHave(t testing.TB, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in:\n%s", w, s)
		}
	}
}
