package bot_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestNudgeBeforeTheDeadline: /nhacngay for the current period before its
// deadline reminds with the deadline still to come, never "đã quá hạn";
// /nhacngay alone, when the last ended period has nobody late, names the
// command for the current period.
func TestNudgeBeforeTheDeadline(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có") // week 38
	quickReport(h, "lan", "binh-an h 5; d 100; e 10; p 2; m có")
	h.say("hung", "/ngonngu vi")
	quickReport(h, "hung", "cao-son h 3; d 10; p 1; m không")
	h.at(23, 9, 9, 0) // Wednesday of week 39
	mustContain(t, h.say("chair", "/nhacngay"), "Mọi đơn vị đã báo cáo tuần 38", "Nhắc cho tuần 39 (21/09–27/09/2020): /nhacngay tuan 39")
	h.say("chair", "/nhacngay tuan 39")
	rem := texts([]bot.Outgoing{h.last("lan")})
	mustContain(t, rem, "hạn nộp báo cáo tuần 39 (21/09–27/09/2020) là 25/09/2020 17:00")
	if strings.Contains(rem, "quá hạn") {
		t.Errorf("a reminder before the deadline says it is past:\n%s", rem)
	}
}

// TestNudgeLockedPeriod: /nhacngay for a period locked beyond the late
// grace reminds nobody (they could not file) and says why, not that
// everyone reported; a unit reopened by the office is reminded.
func TestNudgeLockedPeriod(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0) // week 40: week 36 is beyond the two weeks' grace
	before := len(h.rec.sent)
	out := h.say("chair", "/nhacngay tuan 36")
	mustContain(t, out, "Báo cáo tuần 36 (31/08–06/09/2020) đã khóa và đã hết thời gian nộp bổ sung: không nhắc được nữa.")
	for _, o := range h.rec.sent[before:] {
		if o.Chat.ChatID != "chair" {
			t.Errorf("reminded %s for a locked week: %s", o.Chat.ChatID, o.Text)
		}
	}
	h.say("office", "/molai an-binh tuan 36")
	mustContain(t, h.say("chair", "/nhacngay tuan 36"), "Đã nhắc 1 thành viên chưa báo cáo tuần 36 (31/08–06/09/2020): Trần Thị Lan.")
	mustContain(t, texts([]bot.Outgoing{h.last("lan")}), "[/baocao tuan 36 1 📝 Xã An Bình]")
	if s := texts([]bot.Outgoing{h.last("lan")}); strings.Contains(s, "Bình An") {
		t.Errorf("a locked unit offered:\n%s", s)
	}
}
