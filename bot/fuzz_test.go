package bot_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/store"
)

// fuzzChannel is a console-named channel with buttons that drops what it
// is sent.
type fuzzChannel struct{}

func (fuzzChannel) Name() string                              { return console.Name }
func (fuzzChannel) Caps() bot.Caps                            { return bot.Caps{Buttons: true, Edit: true} }
func (fuzzChannel) InviteLink(string) string                  { return "" }
func (fuzzChannel) Send(context.Context, *bot.Outgoing) error { return nil }

// fuzzNonce is the nonce of every question the fuzz targets open, so that
// the fuzzer can forge current button payloads ("fuzzn:3").
const fuzzNonce = "fuzzn"

// fuzzEngine is one engine on a NoSync bbolt file, reused across a fuzz
// target's inputs; every few thousand inputs it starts on a new file so
// that saved reports and queued replies do not pile up.
type fuzzEngine struct {
	t    testing.TB
	logs *failLog
	cfg  *bot.Config
	dir  string
	db   *store.DB
	eng  *bot.Engine
	now  time.Time
	runs int
}

func newFuzzEngine(f *testing.F) *fuzzEngine {
	cfg := testConfig(f)
	fe := &fuzzEngine{t: f, cfg: cfg, dir: f.TempDir(), now: time.Date(2020, 9, 16, 9, 0, 0, 0, cfg.Area.Location)}
	fe.open()
	f.Cleanup(func() { fe.db.Close() })
	return fe
}

func (fe *fuzzEngine) open() {
	if fe.db != nil {
		if err := fe.db.Close(); err != nil {
			fe.t.Fatal(err)
		}
	}
	db, err := store.Open(filepath.Join(fe.dir, "fuzz"+strconv.Itoa(fe.runs)+".db"), store.Options{NoSync: true})
	if err != nil {
		fe.t.Fatal(err)
	}
	fe.db = db
	if fe.logs == nil {
		fe.logs = &failLog{}
	}
	fe.eng = bot.New(bot.Options{Config: fe.cfg, Store: db, Clock: bot.ClockFunc(func() time.Time { return fe.now }),
		Channels: []bot.ChannelInfo{fuzzChannel{}}, Logger: slog.New(fe.logs)})
	for _, m := range fe.cfg.Members {
		if err := fe.eng.Bind(context.Background(), console.Name, m.ID, m.ID); err != nil {
			fe.t.Fatal(err)
		}
	}
}

// fuzzSessions are the questions the targets open before the fuzzed input:
// every field of the test form for a member with one unit, the unit
// choice, the review, the edit list and the language list.
func (fe *fuzzEngine) session(pick uint8) *bot.Session {
	fields := fe.cfg.Form.Fields
	n := int(pick) % (len(fields) + 4)
	s := &bot.Session{Chat: chat("hung"), Member: "hung", User: "hung", Period: "2020-W38", Unit: "cao-son",
		Nonce: fuzzNonce, Updated: fe.now, Answers: map[string]bot.Value{}}
	switch {
	case n < len(fields):
		s.Step, s.Field, s.FieldID = bot.StepField, n, fields[n].ID
		for i := range n {
			s.Trail = append(s.Trail, i)
		}
	case n == len(fields):
		s.Chat, s.Member, s.User, s.Unit, s.Step = chat("lan"), "lan", "lan", "", bot.StepPickUnit
	case n == len(fields)+1, n == len(fields)+2:
		s.Step = bot.StepReview
		if n == len(fields)+2 {
			s.Step = bot.StepEditPick
		}
		s.Answers = map[string]bot.Value{"households": {Num: 3}, "disbursed": {Num: 120}, "progress": {Text: "on_track"}, "meeting": {Text: "yes"}}
	default:
		s.Step, s.Period, s.Unit = bot.StepPickLang, "", ""
	}
	return s
}

// run opens the question pick selects, then hands the engine u (in that
// question's chat): Handle must not fail or panic.
func (fe *fuzzEngine) run(t *testing.T, pick uint8, u bot.Update) {
	fe.runs++
	if fe.runs%5000 == 0 {
		fe.open()
	}
	s := fe.session(pick)
	ctx := context.Background()
	if err := fe.db.Update(ctx, func(tx bot.Tx) error { return tx.PutSession(s) }); err != nil {
		t.Fatal(err)
	}
	u.Chat, u.UserID = s.Chat, s.Member
	fe.logs.reset()
	if err := fe.eng.Handle(ctx, []bot.Update{u}); err != nil {
		t.Fatalf("Handle(%+v) with %s open: %v", u, s.Step, err)
	}
	if msg := fe.logs.failure(); msg != "" { // Handle recovers panics and apologises: the log says so
		t.Fatalf("Handle(%+v) with %s open: %s", u, s.Step, msg)
	}
}

// failLog is a slog handler that keeps the first record saying an update
// panicked or failed on its own (which Handle turns into an apology).
type failLog struct {
	mu  sync.Mutex
	msg string
}

func (l *failLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *failLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *failLog) WithGroup(string) slog.Handler            { return l }

func (l *failLog) Handle(_ context.Context, r slog.Record) error {
	if r.Level < slog.LevelError {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.msg == "" {
		l.msg = r.Message
		r.Attrs(func(a slog.Attr) bool { l.msg += " " + a.String(); return true })
	}
	return nil
}

func (l *failLog) reset() { l.mu.Lock(); l.msg = ""; l.mu.Unlock() }

func (l *failLog) failure() string { l.mu.Lock(); defer l.mu.Unlock(); return l.msg }

// FuzzCallbackData presses a button with any payload while a question is
// open: current and stale nonces, navigation codes, choice numbers,
// language and reminder buttons. The engine never panics or fails.
func FuzzCallbackData(f *testing.F) {
	for pick := range uint8(14) {
		for _, d := range []string{fuzzNonce + ":1", fuzzNonce + ":2", fuzzNonce + ":ok", fuzzNonce + ":b", fuzzNonce + ":s", fuzzNonce + ":x",
			fuzzNonce + ":e", fuzzNonce + ":k", fuzzNonce + ":0", fuzzNonce + ":-1", fuzzNonce + ":99999999999999999999", "old:1", ":1", "", ":",
			"L:en", "L:vi", "L:", "L:xx", "R:1", "R:2", "R:", "R:-1", "R:9223372036854775808"} {
			f.Add(pick, d)
		}
	}
	fe := newFuzzEngine(f)
	f.Fuzz(func(t *testing.T, pick uint8, data string) {
		fe.run(t, pick, bot.Update{Callback: &bot.Callback{ID: "cb", Data: data, MessageID: "m1"}})
	})
}

// FuzzTypedAnswer types any text at an open question: numbers, money,
// percentages, dates, choices by number or name, yes/no words, navigation
// words and commands. The engine never panics or fails.
func FuzzTypedAnswer(f *testing.F) {
	for pick := range uint8(14) {
		for _, s := range []string{"1", "2", "3", "0", "-1", "2.", "1,5", "1.234,5", "1 triệu", "2,5 tỷ", "50%", "có", "Có", "không", "ko", "yes", "no",
			"đúng tiến độ", "Chậm tiến độ", "An Bình", "xã bình an", "16/09/2020", "31/02/2020", "hôm nay", "bỏ qua", "quay lại", "hủy", "xác nhận",
			"giữ nguyên", "/baocao", "/baocao 2", "/ngonngu en", "/trangthai", "/sua", "/huy", "", " ", "tiếng Việt", "English", "9999999999999999999999"} {
			f.Add(pick, s)
		}
	}
	fe := newFuzzEngine(f)
	f.Fuzz(func(t *testing.T, pick uint8, text string) {
		fe.run(t, pick, bot.Update{Text: text})
	})
}
