package bot_test

import (
	"strings"
	"testing"
)

// TestLateMarkedInHistoryAndReview: a report filed late says so in
// /lichsu (each revision), in the /xem screen, and the /xem list of an
// earlier period gives commands that open that period.
func TestLateMarkedInHistoryAndReview(t *testing.T) {
	cfg := closingConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	h.at(30, 9, 9, 0) // week 40: week 38 may be filed late
	h.say("lan", "/baocao tuan 38")
	h.say("lan", "1")
	fillAnBinh(h, false)
	mustContain(t, h.say("lan", "/xacnhan"), "được ghi là nộp muộn")
	mustContain(t, h.say("lan", "/lichsu an-binh tuan 38"), "• Lần 1 — Trần Thị Lan, 30/09/2020 09:00, qua bảng điều khiển (nộp muộn)")
	mustContain(t, h.say("chair", "/xem tuan 38"), "• Xã An Bình — Đã nộp, chờ duyệt — /xem an-binh tuan 38")
	mustContain(t, h.say("chair", "/xem an-binh tuan 38"), "• Lần 1 — Trần Thị Lan, 30/09/2020 09:00, qua bảng điều khiển (nộp muộn)")
	h.say("chair", "/huy")
	h.say("chair", "/ngonngu en")
	mustContain(t, h.say("chair", "/history an-binh week 38"), "• Revision 1 — Trần Thị Lan, 30/09/2020 09:00, via console (late)")
}

// TestNoApprovedCountWithoutReports: /trangthai does not say "Đã duyệt
// 0/0 báo cáo" for a period nobody reported in yet; with one report it
// counts it.
func TestNoApprovedCountWithoutReports(t *testing.T) {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	if out := h.say("chair", "/trangthai"); strings.Contains(out, "Đã duyệt") {
		t.Errorf("approved count of no report:\n%s", out)
	}
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	mustContain(t, h.say("chair", "/trangthai"), "Đã duyệt 0/1 báo cáo.")
}

// TestReviewListEmptyPointsToLastPeriod: /xem early in a week with no
// report yet says how to list the last period's reports, which is what
// there is to review.
func TestReviewListEmptyPointsToLastPeriod(t *testing.T) {
	h := approvalHarness(t)
	h.now = h.now.AddDate(0, 0, 7)
	mustContain(t, h.say("chair", "/xem"), "Chưa có báo cáo nào cho tuần 39", "Các báo cáo kỳ trước: /xem tuan 38")
	h.now = h.now.AddDate(0, 0, 7) // week 40: week 39 had none either
	if out := h.say("chair", "/xem"); strings.Contains(out, "kỳ trước") {
		t.Errorf("points to an empty period:\n%s", out)
	}
}
