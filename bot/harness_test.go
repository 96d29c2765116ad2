package bot_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/bot/delivery"
	"fieldbot/i18n"
	"fieldbot/store"
)

// ptr returns a pointer to v, for Field.Min and Max.
func ptr(v float64) *float64 { return &v }

// testConfig is a small area with a form that has one field of every type.
func testConfig(t testing.TB) *bot.Config {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	txt := func(vi, en string) i18n.Text { return i18n.Text{i18n.VI: vi, i18n.EN: en} }
	cfg := &bot.Config{
		Area: bot.Area{Name: txt("Huyện Thử", "Test district"), Program: txt("Chương trình", "Program"), Location: loc},
		Units: []bot.Unit{
			{Code: "an-binh", Name: txt("Xã An Bình", "An Bình commune"), Targets: map[string]float64{"households": 20, "disbursed": 600}},
			{Code: "binh-an", Name: txt("Xã Bình An", "Bình An commune"), Targets: map[string]float64{"households": 10, "disbursed": 300, "extra": 50}},
			{Code: "cao-son", Name: txt("Xã Cao Sơn", "Cao Sơn commune"), Targets: map[string]float64{"households": 5}},
		},
		Members: []bot.Member{
			{ID: "lan", Name: "Trần Thị Lan", Role: bot.RoleMember, Lang: i18n.VI, Units: []string{"an-binh", "binh-an"}},
			{ID: "hung", Name: "Lê Văn Hùng", Role: bot.RoleMember, Lang: i18n.EN, Units: []string{"cao-son"}},
			{ID: "chair", Name: "Phạm Văn Chủ", Role: bot.RoleChair, Lang: i18n.VI},
			{ID: "view", Name: "Đoàn kiểm tra", Role: bot.RoleViewer, Lang: i18n.VI},
			{ID: "office", Name: "Văn phòng thường trực", Role: bot.RoleAdmin, Lang: i18n.VI},
		},
		Form: bot.Form{Fields: []bot.Field{
			{ID: "households", Type: bot.FieldInteger, Label: txt("Số hộ thoát nghèo", "Households out of poverty"), Unit: txt("hộ", "households"), Required: true, Min: ptr(0), Max: ptr(1000), Cumulative: true, Target: true},
			{ID: "disbursed", Type: bot.FieldMoney, Label: txt("Vốn đã giải ngân", "Money disbursed"), Unit: txt("triệu đồng", "million VND"), Required: true, Min: ptr(0), Cumulative: true, Target: true},
			{ID: "extra", Type: bot.FieldMoney, Label: txt("Vốn dự án 3", "Project 3 money"), Unit: txt("triệu đồng", "million VND"), Required: true, Target: true, OnlyWithTarget: true},
			{ID: "rate", Type: bot.FieldPercent, Label: txt("Tỷ lệ hộ nghèo", "Poverty rate"), Required: false, Min: ptr(0), Max: ptr(100)},
			{ID: "area", Type: bot.FieldDecimal, Label: txt("Diện tích (ha)", "Area (ha)"), Required: false},
			{ID: "progress", Type: bot.FieldSelect, Label: txt("Tiến độ", "Progress"), Required: true, Choices: []bot.FieldChoice{
				{ID: "on_track", Label: txt("Đúng tiến độ", "On track")},
				{ID: "behind", Label: txt("Chậm tiến độ", "Behind")},
			}},
			{ID: "meeting", Type: bot.FieldYesNo, Label: txt("Đã họp ban chỉ đạo xã?", "Commune committee met?"), Required: true},
			{ID: "asof", Type: bot.FieldDate, Label: txt("Số liệu tính đến ngày", "Figures as of"), Required: false},
			{ID: "difficulties", Type: bot.FieldText, Label: txt("Khó khăn, vướng mắc", "Difficulties"), Required: false, MaxLen: 50},
			{ID: "photo", Type: bot.FieldPhoto, Label: txt("Ảnh công trình", "Photo of the works"), Required: false},
		}},
		Period: bot.PeriodSpec{Kind: bot.Weekly, DeadlineOffset: 4*24*time.Hour + 17*time.Hour},
	}
	cfg.Index()
	return cfg
}

// recorder is a channel that keeps every message and also renders it the
// console's way, so tests can both press buttons and read transcripts.
type recorder struct {
	mu   sync.Mutex
	sent []bot.Outgoing
	con  *console.Console
	buf  bytes.Buffer
}

// newRecorder makes a recorder whose console writes attached files into
// dir, never into the package folder.
func newRecorder(dir string) *recorder {
	r := &recorder{}
	r.con = &console.Console{Out: &r.buf, Files: dir}
	return r
}

func (r *recorder) Name() string             { return console.Name }
func (r *recorder) Caps() bot.Caps           { return r.con.Caps() }
func (r *recorder) InviteLink(string) string { return "" }

func (r *recorder) Send(ctx context.Context, out *bot.Outgoing) error {
	r.mu.Lock()
	r.sent = append(r.sent, *out)
	r.mu.Unlock()
	return r.con.Send(ctx, out)
}

// harness is an engine on a real bbolt file with a settable clock.
type harness struct {
	t      *testing.T
	cfg    *bot.Config
	path   string
	db     *store.DB
	eng    *bot.Engine
	sender *delivery.Sender
	rec    *recorder
	infos  []bot.ChannelInfo // the channels the engine is told of, besides the console
	now    time.Time
	seq    int
	// digester, when set, serves /tonghop and SendDigest.
	digester bot.Digester
	// notice is the engine's SummaryNotice (0: the default).
	notice time.Duration
	// exporter, when set, serves /xuat.
	exporter bot.Exporter
	// rosterFile reads roster files sent to the bot (nil: none).
	rosterFile bot.RosterFileReader
}

// newHarness starts on Wednesday 16 September 2020, 09:00 in Hà Nội (ISO week 38).
func newHarness(t *testing.T, cfg *bot.Config) *harness {
	t.Helper()
	return newDigestHarness(t, cfg, nil)
}

// newDigestHarness is newHarness with a digester (nil for none).
func newDigestHarness(t *testing.T, cfg *bot.Config, d bot.Digester) *harness {
	t.Helper()
	h := &harness{t: t, cfg: cfg, path: filepath.Join(t.TempDir(), "bot.db"), rec: newRecorder(t.TempDir()), digester: d}
	h.now = time.Date(2020, 9, 16, 9, 0, 0, 0, cfg.Area.Location)
	h.open()
	t.Cleanup(func() { h.db.Close() })
	for _, m := range cfg.Members {
		if err := h.eng.Bind(context.Background(), console.Name, m.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// open (re)opens the database and builds the engine on it.
func (h *harness) open() {
	h.t.Helper()
	db, err := store.Open(h.path, store.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.db = db
	clock := bot.ClockFunc(func() time.Time { return h.now })
	h.eng = bot.New(bot.Options{Config: h.cfg, Store: db, Clock: clock, Digester: h.digester, Exporter: h.exporter, SummaryNotice: h.notice, RosterFile: h.rosterFile,
		Channels: append([]bot.ChannelInfo{h.rec}, h.infos...)})
	h.sender = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: h.rec, Clock: clock}
}

// digestFunc is a Digester for tests: Build keeps the period, the render
// function makes the messages from it.
type digestFunc func(p bot.Period, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error)

func (f digestFunc) Build(_ bot.Tx, p bot.Period, _ time.Time) (bot.DigestData, error) { return p, nil }

func (f digestFunc) Render(d bot.DigestData, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	return f(d.(bot.Period), langs)
}

// linkChannel is a channel that registers by link.
type linkChannel struct{ name, base string }

func (c linkChannel) Name() string                  { return c.name }
func (c linkChannel) Caps() bot.Caps                { return bot.Caps{Buttons: true, Edit: true} }
func (c linkChannel) InviteLink(code string) string { return c.base + code }

// restart closes the database and opens it again, as a crash and restart would.
func (h *harness) restart() {
	h.t.Helper()
	if err := h.db.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.open()
}

func chat(member string) bot.ChatRef { return bot.ChatRef{Channel: console.Name, ChatID: member} }

// handle runs one update and delivers the replies; it returns them.
func (h *harness) handle(u bot.Update) []bot.Outgoing {
	h.t.Helper()
	before := len(h.rec.sent)
	if err := h.eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		h.t.Fatalf("handle %+v: %v", u, err)
	}
	h.flush()
	return h.rec.sent[before:]
}

func (h *harness) flush() {
	h.t.Helper()
	if _, err := h.sender.Flush(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

// say sends a typed line from member and returns the replies' text.
func (h *harness) say(member, line string) string {
	h.t.Helper()
	return texts(h.handle(console.Update(chat(member), member, line)))
}

// press presses the button labelled with label (a substring) on the last
// message sent to member.
func (h *harness) press(member, label string) string {
	h.t.Helper()
	last := h.last(member)
	for _, b := range last.Buttons {
		if strings.Contains(b.Label, label) {
			h.seq++
			return texts(h.handle(bot.Update{Chat: chat(member), UserID: member,
				Callback: &bot.Callback{ID: "cb" + string(rune('a'+h.seq%26)), Data: b.Data, MessageID: "m1"}}))
		}
	}
	h.t.Fatalf("no button %q on %q (%+v)", label, last.Text, last.Buttons)
	return ""
}

// last is the last message with text sent to member.
func (h *harness) last(member string) bot.Outgoing {
	h.t.Helper()
	for i := len(h.rec.sent) - 1; i >= 0; i-- {
		if o := h.rec.sent[i]; o.Chat.ChatID == member && o.Text != "" {
			return o
		}
	}
	h.t.Fatalf("nothing sent to %s", member)
	return bot.Outgoing{}
}

// texts renders messages as the console shows them, buttons included.
func texts(outs []bot.Outgoing) string {
	var b strings.Builder
	con := &console.Console{Out: &b}
	for i := range outs {
		if err := con.Send(context.Background(), &outs[i]); err != nil {
			panic(err)
		}
	}
	return b.String()
}

// reports returns every revision of a unit's report for week 38.
func (h *harness) revisions(unit string) []bot.Report {
	h.t.Helper()
	var out []bot.Report
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		out, err = tx.Revisions("2020-W38", unit)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// mustContain fails unless s contains every want.
func mustContain(t *testing.T, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in:\n%s", w, s)
		}
	}
}

// handleLine sends a typed line from member as the console does (an album
// line is several updates, handled together) and returns the replies.
func (h *harness) handleLine(member, line string) []bot.Outgoing {
	h.t.Helper()
	before := len(h.rec.sent)
	if err := h.eng.Handle(context.Background(), console.Updates(chat(member), member, line)); err != nil {
		h.t.Fatalf("handle %q: %v", line, err)
	}
	h.flush()
	return h.rec.sent[before:]
}
