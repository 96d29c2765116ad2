package bot_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestLateSavedNamesItsPeriod: the message after a report of an earlier
// period names that period's units still missing and the command that
// opens that period (/baocao alone opens the current one); the last of
// them says the period is complete, not "this period".
func TestLateSavedNamesItsPeriod(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0) // week 40: week 38 may be filed late
	h.say("lan", "/baocao tuan 38")
	h.say("lan", "1")
	fillAnBinh(h, false)
	saved := h.say("lan", "/xacnhan")
	mustContain(t, saved, "Còn chưa báo cáo tuần 38 (14/09–20/09/2020): Xã Bình An. Gõ /baocao tuan 38 để tiếp tục.")
	if strings.Contains(saved, "kỳ này") {
		t.Errorf("the late report's message speaks of this period:\n%s", saved)
	}
	h.say("lan", "/ngonngu en")
	h.say("lan", "/report week 38")
	h.say("lan", "2")
	for _, a := range []string{"5", "100", "10", "/skip", "/skip", "2", "yes", "/skip", "/skip"} {
		h.say("lan", a)
	}
	mustContain(t, h.say("lan", "/skip"), "Check the report for week 38") // the photo; then the review
	saved = h.say("lan", "/confirm")
	mustContain(t, saved, "You have reported on all your units for week 38 (14/09–20/09/2020).")
}

// TestQuickReportNamingAnEarlierPeriod: /bc with a period after the unit
// says that a quick report is for the current period and gives the
// command that opens the earlier one for that unit; nothing is opened or
// saved.
func TestQuickReportNamingAnEarlierPeriod(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	h.at(30, 9, 9, 0) // week 40
	out := h.say("lan", "/bc an-binh tuan 38 h 12; d 250,5; p 2; m có")
	mustContain(t, out, "Báo cáo nhanh (/bc) chỉ dùng cho kỳ hiện tại. Để gửi báo cáo tuần 38 (14/09–20/09/2020) của Xã An Bình: /baocao tuan 38 1")
	if strings.Contains(out, "Không tìm thấy đơn vị") {
		t.Errorf("the period taken for part of the unit:\n%s", out)
	}
	if revs := h.revisionsOf("2020-W38", "an-binh"); len(revs) != 0 {
		t.Errorf("saved: %+v", revs)
	}
	h.say("hung", "/bc cao-son week 38 h 3")
	mustContain(t, texts([]bot.Outgoing{h.last("hung")}), "A quick report is for the current period only. To send the week 38 (14/09–20/09/2020) report of Cao Sơn commune: /report week 38 1")
}

// TestCorrectionOfAnEarlierPeriodNamesIt: the review of a correction of
// an earlier period's report names that period, not "kỳ này".
func TestCorrectionOfAnEarlierPeriodNamesIt(t *testing.T) {
	h := newHarness(t, closingConfig(t))
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có") // week 38
	h.at(21, 9, 9, 0)                                         // Monday of week 39, before week 38's close
	out := h.say("lan", "/baocao tuan 38 1")
	mustContain(t, out, "Đơn vị đã có báo cáo tuần 38 (14/09–20/09/2020). Sửa câu trả lời cần thiết rồi xác nhận để lưu lần 2.")
	if strings.Contains(out, "Đơn vị đã có báo cáo kỳ này") || strings.Contains(out, "nộp muộn") {
		t.Errorf("an earlier period's correction speaks of this period, or of a late report (it was filed on time):\n%s", out)
	}
}
