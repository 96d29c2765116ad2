package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/i18n"
	"fieldbot/store"
)

// TestFormChangedMidReport: a report is open at a question; the office then
// removes that question (and another) from the form and restarts the bot.
// The member's next message does not crash the bot: they are told the form
// changed, the answers that still fit are kept, and the next open question
// is asked; the report then completes.
func TestFormChangedMidReport(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	mustContain(t, h.say("lan", "350"), "Tỷ lệ hộ nghèo")
	var kept []bot.Field
	for _, f := range h.cfg.Form.Fields {
		if f.ID != "rate" && f.ID != "area" {
			kept = append(kept, f)
		}
	}
	h.cfg.Form.Fields = kept
	h.restart()
	out := h.say("lan", "5")
	mustContain(t, out, "Mẫu báo cáo vừa được cơ quan thường trực thay đổi", "Tiến độ")
	for _, s := range []string{"1", "1", "/boqua", "/boqua", "/boqua"} {
		out = h.say("lan", s)
	}
	mustContain(t, out, "Kiểm tra lại báo cáo", "12 hộ", "350")
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo")
	if revs := h.revisions("an-binh"); len(revs) != 1 || revs[0].Values["households"].Num != 12 {
		t.Errorf("revisions = %+v", revs)
	}
}

// TestSessionPastTheEndOfACutForm reproduces the crash of a session stored
// (before sessions kept the field's ID) at a question index beyond a form
// cut to two fields: the member is moved to a question that exists.
func TestSessionPastTheEndOfACutForm(t *testing.T) {
	h := newHarness(t, testConfig(t))
	err := h.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutSession(&bot.Session{Chat: chat("lan"), Member: "lan", Step: bot.StepField, Period: "2020-W38",
			Unit: "an-binh", Field: 3, Trail: []int{0, 1, 2}, Answers: map[string]bot.Value{"households": {Num: 12}}, Updated: h.now})
	})
	if err != nil {
		t.Fatal(err)
	}
	h.cfg.Form.Fields = h.cfg.Form.Fields[:2]
	h.restart()
	out := h.say("lan", "300")
	mustContain(t, out, "Mẫu báo cáo vừa được", "Vốn đã giải ngân")
	mustContain(t, h.say("lan", "300"), "Kiểm tra lại báo cáo", "12 hộ")
}

// panicky is a digester that panics, as a bug in rendering would.
var panicky = digestFunc(func(bot.Period, []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	panic("chart: index out of range")
})

// TestPanicIsAnsweredAndTheBotGoesOn: a panic in one update is recovered:
// the member gets the apology, the update is marked handled (a redelivery is
// skipped), and the next update is answered as usual.
func TestPanicIsAnsweredAndTheBotGoesOn(t *testing.T) {
	h := newDigestHarness(t, testConfig(t), panicky)
	u := console.Update(chat("chair"), "chair", "/tonghop")
	u.Seq = 41
	mustContain(t, texts(h.handle(u)), "Xin lỗi, hệ thống gặp lỗi")
	if out := h.handle(u); len(out) != 0 {
		t.Errorf("the failed update was handled again: %+v", out)
	}
	next := console.Update(chat("chair"), "chair", "/trangthai")
	next.Seq = 42
	mustContain(t, texts(h.handle(next)), "Tình hình báo cáo")
}

// fullDisk is the real store whose writes fail as on a full disk while full
// is set: the transaction runs and is rolled back, as a failed commit is.
type fullDisk struct {
	*store.DB
	full   atomic.Bool
	writes atomic.Int32
}

func (d *fullDisk) Update(ctx context.Context, fn func(bot.Tx) error) error {
	d.writes.Add(1)
	if !d.full.Load() {
		return d.DB.Update(ctx, fn)
	}
	errFull := fmt.Errorf("store: update: %w: write fieldbot.db: no space left on device", bot.ErrStorage)
	err := d.DB.Update(ctx, func(tx bot.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errFull // roll back everything fn did
	})
	return err
}

// Batch is Update: the full disk is for every write (the embedded store's
// group commit would go around it).
func (d *fullDisk) Batch(ctx context.Context, fn func(bot.Tx) error) error { return d.Update(ctx, fn) }

// TestFullDiskConsumesNothing: while the disk is full, a batch of answers
// fails with ErrStorage and nothing is marked handled or answered with an
// apology; when space returns, the same batch is processed, once, and the
// admin is told once what happened.
func TestFullDiskConsumesNothing(t *testing.T) {
	h := newHarness(t, testConfig(t))
	disk := &fullDisk{DB: h.db}
	eng := bot.New(bot.Options{Config: h.cfg, Store: disk, Clock: bot.ClockFunc(func() time.Time { return h.now })})
	var batch []bot.Update
	for i, s := range []string{"/baocao", "1", "12"} {
		u := console.Update(chat("lan"), "lan", s)
		u.Seq = uint64(100 + i)
		batch = append(batch, u)
	}
	disk.full.Store(true)
	err := eng.Handle(context.Background(), batch)
	if !errors.Is(err, bot.ErrStorage) {
		t.Fatalf("Handle on a full disk = %v, want ErrStorage", err)
	}
	if n := disk.writes.Load(); n != 1 {
		t.Errorf("%d write transactions on a full disk, want 1 (no retry one by one, no apology)", n)
	}
	var off uint64
	_ = h.db.View(context.Background(), func(tx bot.Tx) (err error) { off, err = tx.Offset("console"); return err })
	if off != 0 {
		t.Errorf("offset moved to %d while nothing was stored", off)
	}
	disk.full.Store(false)
	if err := eng.Handle(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	h.flush()
	out := texts(h.rec.sent)
	if strings.Contains(out, "Xin lỗi") || strings.Count(out, "Câu 1/") != 1 || !strings.Contains(out, "Câu 2/") {
		t.Errorf("after space returned:\n%s", out)
	}
	if err := eng.Handle(context.Background(), batch); err != nil { // redelivered: skipped
		t.Fatal(err)
	}
	h.flush()
	if again := texts(h.rec.sent); again != out {
		t.Errorf("a redelivery was handled again")
	}
	var alerts []string
	for _, o := range h.rec.sent {
		if strings.Contains(o.Text, "không ghi được vào cơ sở dữ liệu") {
			alerts = append(alerts, o.Chat.ChatID)
		}
	}
	if len(alerts) != 1 || alerts[0] != "office" {
		t.Errorf("storage alerts went to %v, want the admin once", alerts)
	}
}

// TestButtonPressAfterAQuietWeek: Telegram does not date button presses;
// after a week without updates it numbers afresh, lower or far higher. The
// first press after the quiet week counts as coming now, so it is handled
// either way.
func TestButtonPressAfterAQuietWeek(t *testing.T) {
	for _, seq := range []uint64{500, 1000 + 1<<25} {
		h := newHarness(t, testConfig(t))
		u := bot.Update{Chat: chat("lan"), UserID: "lan", Text: "/start", Seq: 1000, At: h.now}
		h.handle(u)
		h.now = h.now.Add(8 * 24 * time.Hour)
		press := bot.Update{Chat: u.Chat, UserID: "lan", Seq: seq, Callback: &bot.Callback{ID: "q", Data: "L:vi"}}
		if out := h.handle(press); len(out) == 0 {
			t.Errorf("seq %d: the first press after a quiet week was dropped", seq)
		}
		var off uint64
		_ = h.db.View(context.Background(), func(tx bot.Tx) (err error) { off, err = tx.Offset(console.Name); return err })
		if off != seq {
			t.Errorf("seq %d: offset %d, want the new numbering followed", seq, off)
		}
	}
}

// TestDamagedSessionDoesNotSilenceTheChat: a session record that cannot be
// read is dropped with a message; the member's next messages are answered.
func TestDamagedSessionDoesNotSilenceTheChat(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.restart()
	broken := &brokenSessions{DB: h.db}
	h.eng = bot.New(bot.Options{Config: h.cfg, Store: broken, Clock: bot.ClockFunc(func() time.Time { return h.now })})
	mustContain(t, h.say("lan", "12"), "bị hỏng khi lưu")
	broken.off = true
	mustContain(t, h.say("lan", "/baocao"), "Chọn đơn vị")
}

// brokenSessions is the real store whose session reads fail as a damaged
// record does, until off.
type brokenSessions struct {
	*store.DB
	off bool
}

func (b *brokenSessions) Update(ctx context.Context, fn func(bot.Tx) error) error {
	return b.DB.Update(ctx, func(tx bot.Tx) error {
		if b.off {
			return fn(tx)
		}
		return fn(damagedSessionTx{tx})
	})
}

// Batch is Update: damaged for every write.
func (b *brokenSessions) Batch(ctx context.Context, fn func(bot.Tx) error) error {
	return b.Update(ctx, fn)
}

type damagedSessionTx struct{ bot.Tx }

func (damagedSessionTx) Session(bot.ChatRef) (*bot.Session, error) {
	return nil, errors.New("store: session console/lan: decode *bot.Session: not a fieldbot database, or damaged: checksum mismatch")
}

// TestReportForAUnitTakenAway: when the office moves a unit to someone else
// while a report on it is open, confirming does not save it.
func TestReportForAUnitTakenAway(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	for _, s := range []string{"12", "350", "/boqua", "/boqua", "1", "1", "/boqua", "/boqua", "/boqua"} {
		h.say("lan", s)
	}
	m, _ := h.cfg.Member("lan")
	m.Units = []string{"binh-an"}
	h.restart()
	mustContain(t, h.say("lan", "/xacnhan"), "không còn do anh/chị phụ trách")
	if revs := h.revisions("an-binh"); len(revs) != 0 {
		t.Errorf("a report saved for a unit no longer assigned: %+v", revs)
	}
}
