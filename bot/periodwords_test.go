package bot_test

import (
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestHistoryAndReviewTakePeriodWords: /lichsu and /xem read a period the
// way /baocao, /trangthai and /molai do ("tuan 38", "tuần 38", "week 38",
// "2020-W38"), after the unit or alone; their examples use the same words.
func TestHistoryAndReviewTakePeriodWords(t *testing.T) {
	h := approvalHarness(t)
	h.now = h.now.AddDate(0, 0, 7) // week 39: week 38 is an earlier period
	for _, line := range []string{"/lichsu an-binh tuan 38", "/lichsu Xã An Bình tuần 38", "/lichsu an binh 2020-W38"} {
		out := h.say("office", line)
		mustContain(t, out, "Lịch sử báo cáo — Xã An Bình", "tuần 38 (14/09–20/09/2020)", "Lần 1")
		if strings.Contains(out, "tuần 37") {
			t.Errorf("%q shows more than week 38:\n%s", line, out)
		}
	}
	mustContain(t, h.say("lan", "/history an-binh week 38"), "Lịch sử báo cáo — Xã An Bình", "Lần 1")
	for _, line := range []string{"/xem an-binh tuan 38", "/xem Xã An Bình tuần 38"} {
		mustContain(t, h.say("chair", line), "Báo cáo của Xã An Bình", "Lần 1 — Trần Thị Lan", "✔ Duyệt")
		h.say("chair", "/huy")
	}
	mustContain(t, h.say("chair", "/xem tuan 38"), "Các báo cáo tuần 38", "• Xã An Bình — Đã nộp, chờ duyệt")
	mustContain(t, h.say("chair", "/xem an-binh tuan 60"), "Không có kỳ báo cáo “tuan 60”")
	mustContain(t, h.say("chair", "/xem ha noi tuan 38"), "Không tìm thấy đơn vị \"ha noi\"", "ví dụ: /xem an-binh tuan 39")
	mustContain(t, h.say("chair", "/lichsu"), "ví dụ: /lichsu an-binh tuan 39")
}

// TestPeriodMistakesNameNoOtherCommand: a period that is not one, typed to
// /xem, /lichsu or /molai, says how periods are written, not an example of
// /baocao; in a weekly configuration the example is a week.
func TestPeriodMistakesNameNoOtherCommand(t *testing.T) {
	h := approvalHarness(t)
	for who, line := range map[string]string{"chair": "/xem an-binh tuan 60", "lan": "/lichsu an-binh tuan 60", "office": "/molai an-binh tuan 60"} {
		out := h.say(who, line)
		mustContain(t, out, "Không có kỳ báo cáo “tuan 60”. Kỳ báo cáo viết như tuan 37 hoặc 2020-W37.")
		if strings.Contains(out, "/baocao") {
			t.Errorf("%s %q:\n%s", who, line, out)
		}
		h.say(who, "/huy")
	}
	mustContain(t, h.say("lan", "/lichsu an-binh thang 8"), "“thang 8”: hệ thống báo cáo theo tuần. Kỳ báo cáo viết như tuan 37 hoặc 2020-W37.")
	mustContain(t, h.say("hung", "/history cao-son week 60"), "There is no reporting period “week 60”. Periods are written like week 37 or 2020-W37.")
}

// TestPeriodMistakesMonthly: in a monthly configuration the examples are
// months.
func TestPeriodMistakesMonthly(t *testing.T) {
	cfg := testConfig(t)
	cfg.Period = bot.PeriodSpec{Kind: bot.Monthly, DeadlineOffset: 24 * 24 * time.Hour}
	h := newHarness(t, cfg)
	mustContain(t, h.say("lan", "/lichsu an-binh thang 13"), "Không có kỳ báo cáo “thang 13”. Kỳ báo cáo viết như thang 8 hoặc 2020-08.")
	mustContain(t, h.say("lan", "/lichsu an-binh tuan 37"), "“tuan 37”: hệ thống báo cáo theo tháng. Kỳ báo cáo viết như thang 8 hoặc 2020-08.")
}
