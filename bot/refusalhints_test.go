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
