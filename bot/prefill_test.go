package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// reportWeek38 answers every An Bình question in week 38, a photo
// included, and confirms.
func reportWeek38(h *harness) {
	h.t.Helper()
	photo := filepath.Join(h.t.TempDir(), "cong-trinh.jpg")
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff\xe0 not really a jpeg"), 0o644); err != nil {
		h.t.Fatal(err)
	}
	h.say("lan", "/baocao")
	h.say("lan", "1")
	for _, in := range []string{"12", "250,5", "30", "2,5", "2", "có", "15/09/2020", "Mưa lũ", "/anh " + photo} {
		h.say("lan", in)
	}
	mustContain(h.t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 1")
	h.now = h.now.AddDate(0, 0, 7) // Wednesday of week 39
}

// revisionsIn returns every revision of a unit's report for period.
func (h *harness) revisionsIn(period, unit string) []bot.Report {
	h.t.Helper()
	var out []bot.Report
	err := h.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		out, err = tx.Revisions(period, unit)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// TestUnchangedWeekIsTwoMessages: /baocao 1 on a unit reported last week
// opens the review pre-filled, every carried answer marked and the running
// totals said to be unchanged; one confirm saves this week's report with
// last week's figures; the photo is not carried.
func TestUnchangedWeekIsTwoMessages(t *testing.T) {
	h := newHarness(t, testConfig(t))
	reportWeek38(h)
	review := h.say("lan", "/baocao 1")
	mustContain(t, review, "Kiểm tra lại báo cáo tuần 39",
		"lấy từ báo cáo tuần 38 (14/09–20/09/2020), gửi lúc 16/09/2020 09:00, và chưa được xác nhận",
		"1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%) — không đổi so với kỳ trước, chưa xác nhận",
		"2. Vốn đã giải ngân: 250,5 triệu đồng / 600,0 triệu đồng (41,8%) — không đổi so với kỳ trước, chưa xác nhận",
		"3. Tỷ lệ hộ nghèo: 30% — như kỳ trước, chưa xác nhận",
		"5. Tiến độ: Chậm tiến độ — như kỳ trước, chưa xác nhận",
		"7. Số liệu tính đến ngày: 15/09/2020 — như kỳ trước, chưa xác nhận",
		"8. Khó khăn, vướng mắc: Mưa lũ — như kỳ trước, chưa xác nhận",
		"9. Ảnh công trình: (không có)",
		"Nếu kỳ này không có gì thay đổi, bấm Xác nhận")
	if strings.Contains(review, "Câu 1/9") {
		t.Errorf("the questions were asked though the unit was named:\n%s", review)
	}
	if got := h.revisionsIn("2020-W39", "an-binh"); len(got) != 0 {
		t.Fatalf("stored before confirm: %+v", got)
	}
	mustContain(t, h.say("lan", "xin chào"), "Nếu kỳ này không có gì thay đổi") // not a confirm
	if got := h.revisionsIn("2020-W39", "an-binh"); len(got) != 0 {
		t.Fatalf("a greeting saved the report: %+v", got)
	}
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình (lần 1, lúc 23/09/2020 09:00)")
	got := h.revisionsIn("2020-W39", "an-binh")
	if len(got) != 1 {
		t.Fatalf("week 39 revisions = %d, want 1", len(got))
	}
	last := h.revisionsIn("2020-W38", "an-binh")[0]
	for id, v := range last.Values {
		if id == "photo" {
			if _, ok := got[0].Values[id]; ok {
				t.Errorf("last week's photo was carried into this week: %+v", got[0].Values[id])
			}
			continue
		}
		if got[0].Values[id] != v {
			t.Errorf("%s = %+v, want last week's %+v", id, got[0].Values[id], v)
		}
	}
}

// TestPrefilledReviewEditOne: the member changes one answer of the
// pre-filled review; it loses its marks, the others keep theirs, and the
// marks survive a restart.
func TestPrefilledReviewEditOne(t *testing.T) {
	h := newHarness(t, testConfig(t))
	reportWeek38(h)
	h.say("lan", "/baocao 1")
	out := h.say("lan", "1")
	mustContain(t, out, "Câu 1/9 · Xã An Bình", "Câu trả lời hiện tại: 12 hộ", "[/giunguyen Giữ nguyên]")
	review := h.say("lan", "15")
	mustContain(t, review, "1. Số hộ thoát nghèo: 15 hộ / 20 hộ (75%)\n",
		"2. Vốn đã giải ngân: 250,5 triệu đồng / 600,0 triệu đồng (41,8%) — không đổi so với kỳ trước, chưa xác nhận",
		"chưa được xác nhận cho kỳ này")
	h.restart()
	h.say("lan", "8")
	review = h.say("lan", "/giunguyen") // looked at and kept: confirmed
	mustContain(t, review, "8. Khó khăn, vướng mắc: Mưa lũ\n", "5. Tiến độ: Chậm tiến độ — như kỳ trước, chưa xác nhận")
	h.say("lan", "/xacnhan")
	got := h.revisionsIn("2020-W39", "an-binh")
	if len(got) != 1 || got[0].Values["households"].Num != 15 || got[0].Values["disbursed"].Num != 250.5 {
		t.Fatalf("week 39 = %+v", got)
	}
}

// TestKeepAsLastPeriodGuided: chosen from the list, the questions are asked
// one by one, each offering last week's answer as a button, as /giunguyen,
// and for a text as "như kỳ trước" typed; a kept running total is said to
// be unchanged in the review, without "not confirmed".
func TestKeepAsLastPeriodGuided(t *testing.T) {
	h := newHarness(t, testConfig(t))
	reportWeek38(h)
	h.say("lan", "/baocao")
	out := h.say("lan", "1")
	mustContain(t, out, "Câu 1/9 · Xã An Bình", "[/giunguyen Giữ như kỳ trước: 12 hộ]")
	mustContain(t, h.press("lan", "Giữ như kỳ trước"), "Câu 2/9", "[/giunguyen Giữ như kỳ trước: 250,5 triệu đồng]")
	mustContain(t, h.say("lan", "/giunguyen"), "Câu 3/9", "Giữ như kỳ trước: 30%")
	h.say("lan", "/boqua")
	h.say("lan", "/boqua")
	mustContain(t, h.say("lan", "1"), "Câu 6/9", "Giữ như kỳ trước: Có")
	h.say("lan", "/giunguyen")
	out = h.say("lan", "/boqua")
	mustContain(t, out, "Câu 8/9", "Kỳ trước (16/09/2020): “Mưa lũ”", "[/giunguyen Như kỳ trước]")
	out = h.say("lan", "như kỳ trước")
	mustContain(t, out, "Câu 9/9")
	if strings.Contains(out, "Giữ như kỳ trước") {
		t.Errorf("last week's photo offered to keep:\n%s", out)
	}
	mustContain(t, h.say("lan", "/giunguyen"), "Câu này chưa có câu trả lời để giữ nguyên")
	review := h.say("lan", "/boqua")
	mustContain(t, review, "1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%) — không đổi so với kỳ trước\n",
		"5. Tiến độ: Đúng tiến độ\n", "8. Khó khăn, vướng mắc: Mưa lũ\n", "Bấm Xác nhận để lưu")
	if strings.Contains(review, "chưa xác nhận") {
		t.Errorf("answers given one by one are marked as not confirmed:\n%s", review)
	}
	h.say("lan", "/xacnhan")
	got := h.revisionsIn("2020-W39", "an-binh")
	if len(got) != 1 || got[0].Values["difficulties"].Text != "Mưa lũ" || got[0].Values["households"].Num != 12 ||
		got[0].Values["progress"].Text != "on_track" {
		t.Fatalf("week 39 = %+v", got)
	}
}

// TestCarriedValuesMeetTodaysForm: a previous answer the form no longer
// accepts (a lower maximum, a choice removed, a shorter text limit) is not
// carried nor offered; the review lists it as not answered and the confirm
// asks it.
func TestCarriedValuesMeetTodaysForm(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, cfg)
	reportWeek38(h)
	cfg.Form.Fields[0].Max = ptr(10) // households: 12 is now too many
	cfg.Form.Fields[5].Choices = cfg.Form.Fields[5].Choices[:1]
	cfg.Form.Fields[8].MaxLen = 3 // "Mưa lũ" is longer
	h.restart()
	review := h.say("lan", "/baocao 1")
	mustContain(t, review, "1. Số hộ thoát nghèo: (chưa trả lời)", "5. Tiến độ: (chưa trả lời)", "8. Khó khăn, vướng mắc: (không có)",
		"2. Vốn đã giải ngân: 250,5 triệu đồng")
	out := h.say("lan", "/xacnhan")
	mustContain(t, out, "Câu 1/9")
	if strings.Contains(out, "Giữ như kỳ trước") {
		t.Errorf("a value the form refuses is offered to keep:\n%s", out)
	}
	if got := h.revisionsIn("2020-W39", "an-binh"); len(got) != 0 {
		t.Fatalf("saved with a refused value: %+v", got)
	}
}

// TestNothingToCarry: a unit never reported before, named at once, is
// asked question by question.
func TestNothingToCarry(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "/baocao 2")
	mustContain(t, out, "Câu 1/10 · Xã Bình An")
	if strings.Contains(out, "Giữ như kỳ trước") || strings.Contains(out, "Kiểm tra lại") {
		t.Errorf("something offered from a report that does not exist:\n%s", out)
	}
}

// TestPrefilledReviewAcrossPeriodEnd: a pre-filled review confirmed after
// its week ended is shown again for the new week, still naming the report
// the figures came from, and saved there on the next confirm.
func TestPrefilledReviewAcrossPeriodEnd(t *testing.T) {
	h := newHarness(t, testConfig(t))
	reportWeek38(h)
	h.now = time.Date(2020, 9, 27, 23, 50, 0, 0, h.cfg.Area.Location) // Sunday of week 39
	mustContain(t, h.say("lan", "/baocao 1"), "Kiểm tra lại báo cáo tuần 39")
	h.now = h.now.Add(20 * time.Minute) // Monday of week 40
	out := h.say("lan", "/xacnhan")
	mustContain(t, out, "tuần 40", "lấy từ báo cáo tuần 38 (14/09–20/09/2020), gửi lúc 16/09/2020 09:00",
		"1. Số hộ thoát nghèo: 12 hộ / 20 hộ (60%) — không đổi so với kỳ trước, chưa xác nhận")
	h.say("lan", "/xacnhan")
	if got := h.revisionsIn("2020-W40", "an-binh"); len(got) != 1 || got[0].Values["households"].Num != 12 {
		t.Fatalf("week 40 = %+v", got)
	}
	if got := h.revisionsIn("2020-W39", "an-binh"); len(got) != 0 {
		t.Fatalf("saved in the week that had ended: %+v", got)
	}
}
