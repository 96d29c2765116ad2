package schedule_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/console"
	"fieldbot/bot/delivery"
	"fieldbot/bot/digest"
	"fieldbot/bot/schedule"
	"fieldbot/store"
)

var hcm = mustZone("Asia/Ho_Chi_Minh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, hcm)
	if err != nil {
		panic(err)
	}
	return t
}

// inbox records what each chat received.
type inbox struct {
	mu  sync.Mutex
	got map[string][]bot.Outgoing
}

func (b *inbox) Name() string             { return console.Name }
func (b *inbox) Caps() bot.Caps           { return bot.Caps{} }
func (b *inbox) InviteLink(string) string { return "" }

func (b *inbox) Send(_ context.Context, out *bot.Outgoing) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got[out.Chat.ChatID] = append(b.got[out.Chat.ChatID], *out)
	return nil
}

// take returns and forgets what member received.
func (b *inbox) take(member string) []bot.Outgoing {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.got[member]
	delete(b.got, member)
	return out
}

// world is the demo district on a real database, a settable clock, the
// engine, the scheduler and the console outbox.
type world struct {
	t      *testing.T
	cfg    *bot.Config
	path   string
	db     *store.DB
	now    time.Time
	eng    *bot.Engine
	sched  *schedule.Scheduler
	sender *delivery.Sender
	box    *inbox
}

func newWorld(t *testing.T, start time.Time) *world {
	w := &world{t: t, cfg: config.Demo(), path: filepath.Join(t.TempDir(), "bot.db"), now: start,
		box: &inbox{got: map[string][]bot.Outgoing{}}}
	w.open()
	for _, m := range w.cfg.Members {
		if err := w.eng.Bind(context.Background(), console.Name, m.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { w.db.Close() })
	return w
}

// open (re)starts the process: database, engine, scheduler.
func (w *world) open() {
	db, err := store.Open(w.path, store.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := bot.ClockFunc(func() time.Time { return w.now })
	w.db = db
	w.eng = bot.New(bot.Options{Config: w.cfg, Store: db, Clock: clock, Logger: quiet, Digester: digest.NewDigester(w.cfg)})
	if w.sched, err = schedule.New(w.cfg, w.eng, clock, quiet); err != nil {
		w.t.Fatal(err)
	}
	w.sender = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: w.box, Clock: clock, Log: quiet}
}

func (w *world) restart() {
	if err := w.db.Close(); err != nil {
		w.t.Fatal(err)
	}
	w.open()
}

// advance moves the clock to t, running each job due on the way with the
// clock at its firing time, as cron would.
func (w *world) advance(t time.Time) {
	for _, r := range w.sched.Plan(w.now, t) {
		from := w.now
		w.now = r.At
		w.sched.RunDue(context.Background(), from, r.At)
	}
	w.now = t
	w.flush()
}

func (w *world) flush() {
	if _, err := w.sender.Flush(context.Background()); err != nil {
		w.t.Fatal(err)
	}
}

// report files a full report for member's n-th unit through the engine.
func (w *world) report(member string, n int) {
	chat := bot.ChatRef{Channel: console.Name, ChatID: member}
	for _, line := range []string{"/baocao", string(rune('0' + n)), "5", "1", "100", "1", "50", "1", "/boqua", "/boqua", "/boqua", "/xacnhan"} {
		if err := w.eng.Handle(context.Background(), []bot.Update{console.Update(chat, member, line)}); err != nil {
			w.t.Fatal(err)
		}
	}
	w.flush()
	w.box.take(member)
}

func texts(outs []bot.Outgoing) string {
	var b strings.Builder
	for _, o := range outs {
		b.WriteString(o.Text + "\n")
	}
	return b.String()
}

func TestSimulatedWeek(t *testing.T) {
	w := newWorld(t, at("2020-09-14 00:00")) // Monday of ISO week 38
	// Monday 07:30: the digest of week 37 goes to the chair and the viewer.
	w.advance(at("2020-09-14 08:00"))
	for _, m := range []string{"ha-duc-thang", "pham-quoc-tuan"} {
		got := w.box.take(m)
		if len(got) != 1 || !strings.Contains(got[0].Text, "TUẦN 37 (07/09–13/09/2020)") {
			t.Fatalf("%s on Monday: %q", m, texts(got))
		}
	}
	if got := w.box.take("hoang-thi-binh"); len(got) != 0 {
		t.Fatalf("a member got the digest: %q", texts(got))
	}
	// Wednesday: Hoàng Thị Bình reports all three of her units, Nguyễn Văn An one of his.
	w.advance(at("2020-09-16 10:00"))
	for n := 1; n <= 3; n++ {
		w.report("hoang-thi-binh", n)
	}
	w.report("nguyen-van-an", 2)
	// Thursday 08:00: reminders name only the missing units; those done get nothing.
	w.advance(at("2020-09-17 09:00"))
	if got := w.box.take("hoang-thi-binh"); len(got) != 0 {
		t.Errorf("a member with everything reported was reminded: %q", texts(got))
	}
	an := w.box.take("nguyen-van-an")
	if len(an) != 1 || !strings.Contains(an[0].Text, "Thị trấn Bằng Lũng, Xã Phương Viên") || strings.Contains(an[0].Text, "Ngọc Phái") {
		t.Fatalf("Thursday reminder: %q", texts(an))
	}
	if len(an[0].Buttons) != 2 || an[0].Buttons[1].Data != "R:3" {
		t.Errorf("reminder buttons = %+v", an[0].Buttons)
	}
	if got := w.box.take("dinh-van-khanh"); len(got) != 1 || !strings.Contains(got[0].Text, "Dear Đinh Văn Khánh") {
		t.Errorf("English reminder: %q", texts(got))
	}
	if got := w.box.take("ha-duc-thang"); len(got) != 0 {
		t.Errorf("the chair (no units) was reminded: %q", texts(got))
	}
	// The reminder's button starts the report on that unit.
	chat := bot.ChatRef{Channel: console.Name, ChatID: "nguyen-van-an"}
	if err := w.eng.Handle(context.Background(), []bot.Update{{Chat: chat, UserID: "nguyen-van-an", Callback: &bot.Callback{ID: "c", Data: "R:3"}}}); err != nil {
		t.Fatal(err)
	}
	w.flush()
	if got := texts(w.box.take("nguyen-van-an")); !strings.Contains(got, "Câu 1/9 · Xã Phương Viên") {
		t.Errorf("reminder button: %q", got)
	}
	// A restart in the middle of the week, and the Thursday window run
	// again: nothing is sent twice.
	for _, m := range w.cfg.Members {
		w.box.take(m.ID)
	}
	w.restart()
	w.sched.RunDue(context.Background(), at("2020-09-16 23:00"), at("2020-09-17 09:00"))
	if err := w.sched.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.flush()
	for _, m := range w.cfg.Members {
		if got := w.box.take(m.ID); len(got) != 0 {
			t.Errorf("%s got %d messages again after a restart: %q", m.ID, len(got), texts(got))
		}
	}
	// Friday 08:00: the second reminder; 17:05: the escalation to the chair.
	w.advance(at("2020-09-18 08:30"))
	if got := w.box.take("nguyen-van-an"); len(got) != 1 {
		t.Errorf("Friday reminder: %d messages", len(got))
	}
	w.advance(at("2020-09-18 18:00"))
	esc := texts(w.box.take("ha-duc-thang"))
	for _, want := range []string{"Đã quá hạn nộp báo cáo tuần 38", "Toàn địa bàn: 4/20 đơn vị đã báo cáo",
		"⏳ Thị trấn Bằng Lũng — phụ trách: Nguyễn Văn An", "⏳ Xã Yên Phong — phụ trách: Lý Thị Mai"} {
		if !strings.Contains(esc, want) {
			t.Errorf("escalation lacks %q:\n%s", want, esc)
		}
	}
	if strings.Contains(esc, "Xã Bản Thi") {
		t.Errorf("escalation names a unit that reported:\n%s", esc)
	}
	// Monday 07:30: the digest of week 38.
	w.advance(at("2020-09-21 08:00"))
	dg := texts(w.box.take("ha-duc-thang"))
	if !strings.Contains(dg, "TUẦN 38 (14/09–20/09/2020)") || !strings.Contains(dg, "4/20 xã, thị trấn đã báo cáo") {
		t.Errorf("week 38 digest:\n%s", dg)
	}
	if got := w.box.take("pham-quoc-tuan"); len(got) != 1 {
		t.Errorf("viewer got %d digests", len(got))
	}
}

func TestMissedMondayIsCaughtUpOnce(t *testing.T) {
	w := newWorld(t, at("2020-09-21 09:00"))
	w.report("hoang-thi-binh", 1)
	// Down from Friday to Tuesday: the Monday digest is sent at start-up, once.
	w.now = at("2020-09-29 10:00")
	w.restart()
	for range 2 {
		if err := w.sched.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		w.flush()
	}
	got := w.box.take("ha-duc-thang")
	if len(got) != 1 || !strings.Contains(got[0].Text, "TUẦN 39 (21/09–27/09/2020)") {
		t.Fatalf("caught-up digest: %d messages %q", len(got), texts(got))
	}
	// A reader bound afterwards does not get that old digest at a restart.
	if err := w.eng.Bind(context.Background(), console.Name, "pham-quoc-tuan-2", "pham-quoc-tuan"); err != nil {
		t.Fatal(err)
	}
	w.box.take("pham-quoc-tuan")
	w.restart()
	if err := w.sched.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.flush()
	if got := w.box.take("pham-quoc-tuan-2"); len(got) != 0 {
		t.Errorf("a newly bound reader got last week's digest at a restart: %q", texts(got))
	}
	// Late on Friday, after the deadline: the missed reminders are not sent
	// late, the escalation is.
	w.now = at("2020-10-02 19:00")
	w.restart()
	if err := w.sched.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.flush()
	if got := w.box.take("nguyen-van-an"); len(got) != 0 {
		t.Errorf("a reminder was sent after the deadline: %q", texts(got))
	}
	if got := texts(w.box.take("ha-duc-thang")); !strings.Contains(got, "Đã quá hạn nộp báo cáo tuần 40") {
		t.Errorf("escalation not caught up: %q", got)
	}
	// Thursday 10:00, the process down since Wednesday: one reminder, now.
	w.now = at("2020-10-08 10:00")
	w.restart()
	if err := w.sched.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.flush()
	if got := w.box.take("nguyen-van-an"); len(got) != 1 {
		t.Errorf("caught-up reminder: %d messages", len(got))
	}
}

func TestNoReminderOnHolidays(t *testing.T) {
	w := newWorld(t, at("2020-09-16 12:00"))
	w.cfg.Schedule.Holidays = append(w.cfg.Schedule.Holidays, "17/09/2020")
	w.advance(at("2020-09-17 12:00"))
	if got := w.box.take("nguyen-van-an"); len(got) != 0 {
		t.Errorf("reminded on a holiday: %q", texts(got))
	}
	w.advance(at("2020-09-18 12:00"))
	if got := w.box.take("nguyen-van-an"); len(got) != 1 {
		t.Errorf("Friday after the holiday: %d reminders", len(got))
	}
}

// TestNeverFiringSpecDoesNotHang: a spec with no time (30 February, as a
// configuration built in code could hold) makes CatchUp and Plan return,
// instead of looping for ever on cron's zero "next" time.
func TestNeverFiringSpecDoesNotHang(t *testing.T) {
	w := newWorld(t, time.Date(2020, 9, 17, 9, 0, 0, 0, time.UTC))
	w.cfg.Schedule.Digest = "0 0 30 2 *"
	w.restart()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.sched.CatchUp(context.Background())
		_ = w.sched.Plan(w.now, w.now.Add(30*24*time.Hour))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("CatchUp or Plan did not return for a spec that never fires")
	}
}

// TestPlanKeepsJobsDueTogether: two jobs due at the same moment are both
// planned (the demo's --now and RunDue rely on Plan).
func TestPlanKeepsJobsDueTogether(t *testing.T) {
	w := newWorld(t, time.Date(2020, 9, 16, 9, 0, 0, 0, time.UTC))
	w.cfg.Schedule.Reminders = []string{"0 8 * * 4"}
	w.cfg.Schedule.Escalation = "0 8 * * 4"
	w.restart()
	loc := w.cfg.Area.Location
	runs := w.sched.Plan(time.Date(2020, 9, 17, 7, 0, 0, 0, loc), time.Date(2020, 9, 17, 9, 0, 0, 0, loc))
	if len(runs) != 2 || !runs[0].At.Equal(runs[1].At) || runs[0].Job == runs[1].Job {
		t.Errorf("Plan = %+v, want the reminder and the escalation, both at 08:00", runs)
	}
}
