package bot_test

import (
	"strings"
	"testing"
)

// TestRefusalsPointToWhatTheReaderMayUse: a refused /xuat points a viewer
// to /tonghop (a viewer may not use /trangthai) and a member to
// /trangthai; the refusal of /xem names the office as every other
// message does ("cơ quan thường trực").
func TestRefusalsPointToWhatTheReaderMayUse(t *testing.T) {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	h := newHarness(t, cfg)
	view := h.say("view", "/xuat")
	mustContain(t, view, "Lệnh /xuat dành cho cơ quan thường trực.", "/tonghop")
	if strings.Contains(view, "/trangthai") {
		t.Errorf("the viewer is sent to /trangthai, which refuses viewers:\n%s", view)
	}
	mustContain(t, h.say("lan", "/xuat"), "Lệnh /xuat dành cho cơ quan thường trực.", "/trangthai")
	mustContain(t, h.say("hung", "/export"), "/export is for the standing office.", "/status")
	mustContain(t, h.say("lan", "/xem an-binh"), "Chỉ lãnh đạo hoặc cơ quan thường trực mới duyệt hoặc trả lại báo cáo.")
	mustContain(t, h.say("hung", "/review an-binh"), "Only the chair or the standing office approves or returns reports.")
}

// TestReopenUnknownUnit: /molai with a unit that does not exist names the
// unit as typed, without the period, and not as "one of your units" (the
// office follows none), with the usage line.
func TestReopenUnknownUnit(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0)
	out := h.say("office", "/molai Hà Nội tuần 38")
	mustContain(t, out, "Không tìm thấy đơn vị \"Hà Nội\".", "Ví dụ: /molai an-binh tuan 39")
	if strings.Contains(out, "anh/chị phụ trách") || strings.Contains(out, "tuần 38”") {
		t.Errorf("reply:\n%s", out)
	}
	mustContain(t, h.say("office", "/molai an binh tuan 38"), "Đã mở lại báo cáo tuần 38")
}
