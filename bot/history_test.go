package bot_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

var updateHistory = flag.Bool("update-history", false, "rewrite the history golden files")

// quickReport files a report for member with one /bc line and confirms it.
func quickReport(h *harness, member, line string) {
	h.t.Helper()
	h.say(member, "/bc "+line)
	out := h.press(member, "Xác nhận")
	if !strings.Contains(out, "Đã lưu báo cáo") && !strings.Contains(out, "Saved") {
		h.t.Fatalf("%s: %q not saved:\n%s", member, line, out)
	}
}

// historyDB files three revisions of An Bình in week 38 (the second
// changes two figures, the third none of the figures but the text) and one
// of Cao Sơn.
func historyDB(t *testing.T, approval bool) *harness {
	cfg := testConfig(t)
	cfg.Review.Approval = approval
	h := newHarness(t, cfg)
	quickReport(h, "lan", "an-binh h 12; d 250,5; p 2; m có")
	h.now = h.now.Add(2 * time.Hour)
	quickReport(h, "lan", "an-binh h 13; d 300; p 2; m có")
	h.now = h.now.Add(24 * time.Hour)
	quickReport(h, "lan", "an-binh h 13; d 300; p 1; m có; difficulties Mưa lũ kéo dài")
	h.say("hung", "/ngonngu vi")
	quickReport(h, "hung", "cao-son h 3; d 10; p 1; m không")
	h.say("hung", "/ngonngu en")
	return h
}

// TestHistoryShowsChanges: /lichsu lists each revision with who, when and
// the channel, and each change from the revision before in the field's
// unit; the texts match the golden files in both languages.
func TestHistoryShowsChanges(t *testing.T) {
	h := historyDB(t, false)
	vi := h.say("lan", "/lichsu an binh")
	mustContain(t, vi, "Lịch sử báo cáo — Xã An Bình", "tuần 38 (14/09–20/09/2020)",
		"• Lần 1 — Trần Thị Lan, 16/09/2020 09:00, qua", "báo cáo đầu tiên của kỳ",
		"• Lần 2 — Trần Thị Lan, 16/09/2020 11:00", "Số hộ thoát nghèo: 12 hộ → 13 hộ",
		"Vốn đã giải ngân: 250,5 triệu đồng → 300,0 triệu đồng",
		"• Lần 3 — Trần Thị Lan, 17/09/2020 11:00", "Tiến độ: Chậm tiến độ → Đúng tiến độ", "Khó khăn, vướng mắc: (không có) → Mưa lũ kéo dài")
	if strings.Contains(vi, "Trạng thái") || strings.Contains(vi, "duyệt") {
		t.Errorf("approval is off but the history shows a state:\n%s", vi)
	}
	en := h.say("hung", "/history cao-son 2020-W38")
	mustContain(t, en, "Report history — Cao Sơn commune", "• Revision 1 — Lê Văn Hùng, 17/09/2020 11:00, via console")
	h.say("lan", "/ngonngu en")
	en = h.say("lan", "/history an-binh")
	mustContain(t, en, "Households out of poverty: 12 households → 13 households", "Money disbursed: 250.5 million VND → 300.0 million VND")
	golden(t, "history_vi.golden", vi)
	golden(t, "history_en.golden", en)
}

// golden compares got with testdata/name, or rewrites it with -update-history.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateHistory {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-history)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestHistoryPermissions: a member sees only the units assigned to them;
// the chair, admins and viewers see any unit's; an unknown unit and a bad
// period are named in the reply.
func TestHistoryPermissions(t *testing.T) {
	h := historyDB(t, false)
	vi := i18n.For(i18n.VI)
	cases := []struct {
		member, line string
		want         string
		leak         bool // the reply would show the history
	}{
		{"lan", "/lichsu cao son", "Xã Cao Sơn không thuộc các đơn vị anh/chị phụ trách", false},
		{"hung", "/history an-binh", "An Bình commune is not one of your units", false},
		{"lan", "/lichsu an-binh", "Lần 3", true},
		{"chair", "/lichsu cao-son", "Lần 1 — Lê Văn Hùng", true},
		{"office", "/lichsu Xã An Bình 2020-W38", "Lần 3", true},
		{"view", "/lichsu an-binh", "Lần 2", true},
		{"chair", "/lichsu ha noi", "Không tìm thấy đơn vị \"ha noi\"", false},
		{"chair", "/lichsu an-binh 2020-W99", "\"2020-W99\" không phải là một kỳ báo cáo", false},
		{"chair", "/lichsu an-binh 2020-W30", "Xã An Bình chưa có báo cáo nào cho tuần 30", false},
		{"chair", "/lichsu", vi.T("history.usage", "example", "/lichsu an-binh tuan 38"), false},
	}
	for _, c := range cases {
		out := h.say(c.member, c.line)
		mustContain(t, out, c.want)
		if shows := strings.Contains(out, "Lần 1") || strings.Contains(out, "Revision 1"); shows != c.leak {
			t.Errorf("%s %q: history shown = %v:\n%s", c.member, c.line, shows, out)
		}
	}
	// A member with one unit may leave it out.
	mustContain(t, h.say("hung", "/history"), "Report history — Cao Sơn commune")
}

// TestHistoryDefaultWeeks: without a period, the last HistoryPeriods
// periods are shown, older ones are not.
func TestHistoryDefaultWeeks(t *testing.T) {
	h := historyDB(t, false)
	h.now = h.now.AddDate(0, 0, 14) // week 40: 38 is within the last four
	mustContain(t, h.say("lan", "/lichsu an-binh"), "tuần 38", "Lần 3")
	h.now = h.now.AddDate(0, 0, 14) // week 42: 38 is five weeks back
	out := h.say("lan", "/lichsu an-binh")
	mustContain(t, out, "Xã An Bình chưa có báo cáo nào trong 4 kỳ gần đây")
	mustContain(t, h.say("lan", "/lichsu an-binh 2020-W38"), "Lần 3")
}

// TestHistoryLongIsTrimmed: a period with many revisions shows the newest
// ones and counts the others, so the text fits a phone.
func TestHistoryLongIsTrimmed(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, cfg)
	for i := 1; i <= 11; i++ {
		quickReport(h, "lan", fmt.Sprintf("an-binh h %d; d %d; p 1; m có", i, 10*i))
		h.now = h.now.Add(time.Minute)
	}
	out := h.say("lan", "/lichsu an-binh")
	mustContain(t, out, "(còn 3 lần báo cáo cũ hơn không hiện)", "Lần 11", "Lần 4 ")
	if strings.Contains(out, "Lần 3 ") {
		t.Errorf("revision 3 shown:\n%s", out)
	}
	if n := len([]rune(out)); n > 4096 {
		t.Errorf("history of %d characters", n)
	}
	if bot.HistoryPeriods != 4 {
		t.Errorf("HistoryPeriods = %d; the default-weeks test assumes 4", bot.HistoryPeriods)
	}
}

// TestHistoryCutsLongTexts: a long text answer is cut in the list of
// changes, so one revision stays a few lines.
func TestHistoryCutsLongTexts(t *testing.T) {
	cfg := testConfig(t)
	cfg.Form.Fields[8].MaxLen = 500 // difficulties
	h := newHarness(t, cfg)
	quickReport(h, "lan", "an-binh h 1; d 10; p 1; m có")
	long := strings.Repeat("mưa lũ kéo dài ", 10)
	quickReport(h, "lan", "an-binh h 1; d 10; p 1; m có; difficulties "+long)
	out := h.say("lan", "/lichsu an-binh")
	mustContain(t, out, "Khó khăn, vướng mắc: (không có) → "+string([]rune(long)[:59])+"…")
	if strings.Contains(out, strings.TrimSpace(long)) {
		t.Errorf("the whole text is shown:\n%s", out)
	}
}
