package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestNothingTypedIsThrownAway: commands in the middle of a report answer
// and then ask the open question again; a second /baocao or a reminder's
// button does not restart the report.
func TestNothingTypedIsThrownAway(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	out := h.say("lan", "/trangthai")
	mustContain(t, out, "Tình hình báo cáo", "Câu 2/9")
	mustContain(t, h.say("lan", "/xyz"), "Lệnh này không có", "Câu 2/9")
	out = h.say("lan", "/baocao")
	mustContain(t, out, "đang báo cáo dở cho Xã An Bình", "Câu 2/9")
	out = texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "r", Data: "R:2"}}))
	mustContain(t, out, "đang báo cáo dở cho Xã An Bình", "Câu 2/9")
	h.say("lan", "/quaylai")
	if !strings.Contains(h.last("lan").Text, "Câu trả lời hiện tại: 12 hộ") {
		t.Errorf("the first answer was lost: %s", h.last("lan").Text)
	}
	h.say("lan", "/huy")
	mustContain(t, h.say("lan", "/boqua"), "không có báo cáo nào đang làm")
	// Outside a report, a reminder's button opens that unit directly.
	out = texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Callback: &bot.Callback{ID: "r", Data: "R:2"}}))
	mustContain(t, out, "Câu 1/10 · Xã Bình An")
}

// TestConcurrentCorrectionsOverwriteNothing: the same member corrects one
// report from two chats; the second confirm is told about the first and
// confirms again knowingly; every revision stays in the history.
func TestConcurrentCorrectionsOverwriteNothing(t *testing.T) {
	h := newHarness(t, testConfig(t))
	if err := h.eng.Bind(context.Background(), "console", "lan-phone", "lan"); err != nil {
		t.Fatal(err)
	}
	fillAnBinh(h, true)
	h.say("lan", "/xacnhan")
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan-phone", "/baocao")
	h.say("lan-phone", "1")
	h.say("lan", "1")
	h.say("lan", "14") // households 12 → 14
	h.say("lan", "/xacnhan")
	h.say("lan-phone", "2")
	h.say("lan-phone", "300") // disbursed 250,5 → 300
	out := h.say("lan-phone", "/xacnhan")
	mustContain(t, out, "vừa được lưu lần 2 (bởi Trần Thị Lan", "Số hộ thoát nghèo: 12 hộ", "300,0 triệu đồng")
	if n := len(h.revisions("an-binh")); n != 2 {
		t.Fatalf("the conflicting confirm saved: %d revisions", n)
	}
	h.say("lan-phone", "1")
	h.say("lan-phone", "14")
	mustContain(t, h.say("lan-phone", "/xacnhan"), "lần 3")
	revs := h.revisions("an-binh")
	if len(revs) != 3 || revs[1].Values["households"].Num != 14 || revs[2].Values["households"].Num != 14 || revs[2].Values["disbursed"].Num != 300 {
		t.Fatalf("history = %+v", revs)
	}
}

// TestReportOpenAcrossWeeksMovesToTheNewWeek: a report confirmed after its
// week ended is shown again for the new week before it is saved there.
func TestReportOpenAcrossWeeksMovesToTheNewWeek(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.now = time.Date(2020, 9, 20, 23, 50, 0, 0, h.cfg.Area.Location)
	fillAnBinh(h, true)
	h.now = time.Date(2020, 9, 21, 9, 0, 0, 0, h.cfg.Area.Location)
	out := h.say("lan", "/xacnhan")
	mustContain(t, out, "tuần 38 (14/09–20/09/2020) đã kết thúc", "lưu cho tuần 39 (21/09–27/09/2020)", "Kiểm tra lại báo cáo tuần 39")
	if n := len(h.revisions("an-binh")); n != 0 {
		t.Fatalf("saved into the closed week: %d", n)
	}
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 1")
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.LatestReport("2020-W39", "an-binh")
		return err
	})
	if err != nil {
		t.Fatalf("not in week 39: %v", err)
	}
}

func TestImplausibleFiguresAreQuestioned(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	mustContain(t, h.say("lan", "9223372036854775807"), "lớn bất thường", "Câu 1/9")
	h.say("lan", "41") // more than twice the target of 20
	mustContain(t, h.say("lan", "1.500.000.000"), "lớn bất thường", "Câu 2/9")
	mustContain(t, h.say("lan", "1.500.000.000 đồng"), "Câu 3/9")
	for _, in := range []string{"/boqua", "/boqua", "1", "1", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	review := h.say("lan", "/boqua")
	mustContain(t, review, "Vốn đã giải ngân: 1.500,0 triệu đồng", "⚠ Số hộ thoát nghèo: 41 hộ vượt chỉ tiêu, kế hoạch (20 hộ).",
		"⚠ Vốn đã giải ngân: 1.500,0 triệu đồng vượt")
	h.say("lan", "/xacnhan")
	// A same-week correction that lowers a running total is flagged too.
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "1")
	mustContain(t, h.say("lan", "30"), "⚠ Số hộ thoát nghèo: 30 hộ thấp hơn lần báo cáo 1 của kỳ này (41 hộ).")
}

// TestGroupChatsGetNoReports: the adapter says a chat is a group (the
// engine never guesses from ids), and a group gets no reports or codes.
func TestGroupChatsGetNoReports(t *testing.T) {
	h := newHarness(t, testConfig(t))
	group := bot.ChatRef{Channel: "console", ChatID: "-100"}
	for _, u := range []bot.Update{
		{Chat: group, Group: true, UserID: "lan", Text: "/baocao"},
		{Chat: group, Group: true, UserID: "stranger", Text: "/start K7XM-Q2PR-9DHT"},
	} {
		out := h.handle(u)
		if len(out) != 1 || !strings.Contains(out[0].Text, "nhắn riêng") {
			t.Errorf("%q in a group: %+v", u.Text, out)
		}
	}
	if out := h.handle(bot.Update{Chat: group, Group: true, UserID: "lan", Text: "chào cả nhà"}); len(out) != 0 {
		t.Errorf("chatter in a group was answered: %+v", out)
	}
}

// TestRestartsDoNotKeepAnIdleReportAlive: re-asking after a restart does
// not count as activity.
func TestRestartsDoNotKeepAnIdleReportAlive(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao") // the unit list: nothing typed, it expires after a day
	h.now = h.now.Add(23 * time.Hour)
	h.restart()
	if ok, err := h.eng.Resume(context.Background(), chat("lan"), "lan"); err != nil || !ok {
		t.Fatalf("resume = %v, %v", ok, err)
	}
	h.now = h.now.Add(2 * time.Hour)
	mustContain(t, h.say("lan", "1"), "đã hết hạn")
	// A draft left on Sunday: a restart on Monday does not keep it past the day.
	h.now = time.Date(2020, 9, 20, 12, 0, 0, 0, h.cfg.Area.Location)
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.now = h.now.Add(23 * time.Hour)
	h.restart()
	if ok, err := h.eng.Resume(context.Background(), chat("lan"), "lan"); err != nil || !ok {
		t.Fatalf("resume = %v, %v", ok, err)
	}
	h.now = h.now.Add(2 * time.Hour)
	mustContain(t, h.say("lan", "12"), "đã kết thúc")
}
