package telegram

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/delivery"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

const testToken = "4242:TEST-token_do-not-leak"

// quiet is a logger that drops everything (tests read outcomes, not logs).
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// rig is the whole Telegram side of the bot against the fake Bot API: the
// real tgbotapi client, a real bbolt file, the engine on the demo district,
// the Channel, a Sender and a Poller.
type rig struct {
	t      testing.TB
	opts   store.Options
	fake   *telegramtest.Server
	api    *API
	cfg    *bot.Config
	path   string
	db     *store.DB
	eng    *bot.Engine
	ch     *Channel
	sender *delivery.Sender
	now    time.Time

	stop func() // stops the running poller and sender
}

// newRig starts the fake and opens the database without fsync; start runs
// the loops.
func newRig(t testing.TB) *rig { return newRigWith(t, store.Options{NoSync: true}) }

// newRigWith is newRig with the database opened with opts.
func newRigWith(t testing.TB, opts store.Options) *rig {
	t.Helper()
	fake := telegramtest.New(testToken)
	t.Cleanup(fake.Close)
	r := &rig{t: t, opts: opts, fake: fake, cfg: config.Demo(), path: filepath.Join(t.TempDir(), "bot.db")}
	r.now = time.Date(2020, 9, 16, 9, 0, 0, 0, r.cfg.Area.Location)
	api, err := Dial(context.Background(), testToken, fake.Endpoint(), HTTPClient(fake.Client())) // pooled as `fieldbot run` is
	if err != nil {
		t.Fatal(err)
	}
	r.api = api
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
	clock := bot.ClockFunc(func() time.Time { return r.now })
	r.eng = bot.New(bot.Options{Config: r.cfg, Store: db, Clock: clock, Logger: quiet})
	r.ch = NewChannel(r.api, quiet)
	r.sender = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: r.ch, Log: quiet, Workers: 4,
		Backoff: func(int) time.Duration { return time.Millisecond }}
}

// start runs the poller and the sender until halt.
func (r *rig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	wake, kick := delivery.NewWake()
	p := &Poller{API: r.api, Handler: r.eng, Store: r.db, Timeout: time.Second, Wake: kick, Log: quiet,
		Backoff: func(int) time.Duration { return time.Millisecond }}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _ = p.Run(ctx) }()
	go func() { defer wg.Done(); _ = r.sender.Run(ctx, wake) }()
	r.stop = func() { cancel(); wg.Wait() }
}

// halt stops the loops, as a shutdown would.
func (r *rig) halt() {
	if r.stop != nil {
		r.stop()
		r.stop = nil
	}
}

// restart stops everything, closes the database, and starts again on it.
func (r *rig) restart() {
	r.t.Helper()
	r.halt()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
	r.start()
}

// user is a Telegram account bound to a roster member.
func (r *rig) user(id int64, member string) telegramtest.User {
	r.t.Helper()
	u := telegramtest.User{ID: id, FirstName: "U" + strconv.FormatInt(id, 10), LanguageCode: "vi"}
	if member != "" {
		if err := r.eng.Bind(context.Background(), Name, strconv.FormatInt(id, 10), member); err != nil {
			r.t.Fatal(err)
		}
	}
	return u
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

// sent counts the successful calls of method to chat.
func (r *rig) sent(method string, chat int64) int {
	n := 0
	for _, c := range r.fake.Calls(method) {
		if c.Status == 200 && c.Chat() == strconv.FormatInt(chat, 10) {
			n++
		}
	}
	return n
}

// last is the newest message in chat.
func (r *rig) last(chat int64) telegramtest.Message {
	r.t.Helper()
	ms := r.fake.Messages(chat)
	if len(ms) == 0 {
		r.t.Fatalf("no message in chat %d", chat)
	}
	return ms[len(ms)-1]
}

// button finds the button whose text contains label on message m.
func (r *rig) button(m telegramtest.Message, label string) telegramtest.Button {
	r.t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b
			}
		}
	}
	r.t.Fatalf("no button %q on %q (%+v)", label, m.Text, m.Buttons)
	return telegramtest.Button{}
}

// activity is the number of successful message calls (sends and edits) to
// chat, a simple way to wait for "the reply arrived".
func (r *rig) activity(chat int64) int {
	return r.sent("sendMessage", chat) + r.sent("editMessageText", chat) + r.sent("sendPhoto", chat) + r.sent("sendDocument", chat)
}

func itoa(n int) string { return strconv.Itoa(n) }

// tgUpdateConfig is a short-poll getUpdates from offset.
func tgUpdateConfig(offset int) tgbotapi.UpdateConfig {
	return tgbotapi.UpdateConfig{Offset: offset, AllowedUpdates: AllowedUpdates}
}
