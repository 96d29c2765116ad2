package bot_test

import (
	"strings"
	"testing"
)

// TestMemberStatusShowsReviewState: with approval on, a member's
// /trangthai shows each report's state; a returned one gives the reason
// and the command that corrects it, this period's (/baocao 1) or an
// earlier period's (/baocao tuan 38 1); once corrected it is submitted
// again and the line goes.
func TestMemberStatusShowsReviewState(t *testing.T) {
	cfg := closingConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	h.say("chair", "/xem an-binh")
	h.say("chair", "2")
	h.say("chair", "Thiếu số hộ")
	st := h.say("lan", "/trangthai")
	mustContain(t, st, "✅ Xã An Bình — đã báo cáo lúc 16/09/2020 09:00 (lần 1)\n   ↩ Đã trả lại: Thiếu số hộ. Sửa: /baocao 1")

	h.at(21, 9, 9, 0) // Monday of week 39, before week 38's close at 12:00
	st = h.say("lan", "/trangthai")
	mustContain(t, st, "↩ tuần 38 (14/09–20/09/2020): Xã An Bình bị trả lại (Thiếu số hộ). Sửa: /baocao tuan 38 1")
	h.say("lan", "/ngonngu en")
	mustContain(t, h.say("lan", "/status"), "↩ week 38 (14/09–20/09/2020): An Bình commune was returned (Thiếu số hộ). Correct it: /report week 38 1")

	h.at(22, 9, 9, 0) // after the close: the returned report is locked
	mustContain(t, h.say("lan", "/status week 38"), "↩ Returned: Thiếu số hộ. The report is locked; to correct it, ask the standing office to reopen it.")
	if st := h.say("lan", "/status"); strings.Contains(st, "↩") {
		t.Errorf("a locked returned report offered for correction:\n%s", st)
	}

	h.at(16, 9, 10, 0)
	h.say("chair", "/xem an-binh")
	h.say("chair", "1") // approve
	h.say("lan", "/ngonngu vi")
	mustContain(t, h.say("lan", "/trangthai"), "(lần 1)\n   ✔ Đã duyệt")
	if st := h.say("hung", "/status"); strings.Contains(st, "pproved") || strings.Contains(st, "↩") {
		t.Errorf("a unit never reviewed shows a state:\n%s", st)
	}
}

// TestMemberStatusNoStateWithoutApproval: with approval off, /trangthai
// says nothing of states.
func TestMemberStatusNoStateWithoutApproval(t *testing.T) {
	h := newHarness(t, testConfig(t))
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	if st := h.say("lan", "/trangthai"); strings.Contains(st, "duyệt") || strings.Contains(st, "↩") {
		t.Errorf("approval off, yet:\n%s", st)
	}
}

// TestMemberStatusShowsOwnLeave: a member's /trangthai says when their
// leave is (current or to come), so the pause of reminders is no surprise;
// once it is over it is not shown.
func TestMemberStatusShowsOwnLeave(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/nghi 21/09-25/09")
	mustContain(t, h.say("lan", "/trangthai"), "Anh/chị báo nghỉ phép từ 21/09/2020 đến 25/09/2020: trong thời gian này hệ thống không nhắc báo cáo. Gõ /nghi huy để hủy.")
	h.now = h.now.AddDate(0, 0, 10) // 26/09: over
	if st := h.say("lan", "/trangthai"); strings.Contains(st, "nghỉ phép") {
		t.Errorf("a leave that is over is shown:\n%s", st)
	}
}
