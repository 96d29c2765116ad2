package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// draftRuns plays member on one database twice: on Tuesday 15/09/2020 they
// answer two questions and stop; on Thursday, two days later, the start-up
// runs the 08:00 reminder, which offers to go on with the draft; they type
// its button and finish. It returns both runs' output, marked apart.
func draftRuns(t *testing.T, member string, first, second []string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	args := func(now string) []string { return []string{"demo", "--db", db, "--as", member, "--now", now} }
	one, errOut, code := runCmd(t, script(first...), args("2020-09-15 09:00")...)
	if code != 0 {
		t.Fatalf("Tuesday: exit %d: %s", code, errOut)
	}
	two, errOut, code := runCmd(t, script(second...), args("2020-09-17 08:30")...)
	if code != 0 {
		t.Fatalf("Thursday: exit %d: %s", code, errOut)
	}
	return one + "――― (two days later, Thursday 08:30) ―――\n" + two
}

// TestDemoDraftResumedVietnamese: the draft waits two days, the reminder
// names it with a "go on" button, and the report is finished from the third
// question with the Tuesday answers in the review.
func TestDemoDraftResumedVietnamese(t *testing.T) {
	out := draftRuns(t, "hoang-thi-binh",
		[]string{"/baocao", "1", "12", "2"},
		[]string{"/baocao 1", "420,5", "1", "150 triệu", "2", "Mưa lũ kéo dài.", "/boqua", "/boqua", "/xacnhan"})
	_, thursday, _ := strings.Cut(out, "two days later")
	mustHave(t, thursday, "Anh/chị đang báo cáo dở Xã Bản Thi: tiếp tục?", "[/baocao 1 ▶ Tiếp tục Xã Bản Thi]",
		"Câu 3/9 · Xã Bản Thi", "1. Số hộ thoát nghèo từ đầu năm: 12 hộ", "Đã lưu báo cáo của Xã Bản Thi (lần 1")
	if strings.Contains(thursday, "hết hạn") || strings.Contains(thursday, "Câu 1/9") {
		t.Errorf("the draft was thrown away or started over:\n%s", thursday)
	}
	golden(t, "draft_resumed_vi.golden", out)
}

// TestDemoDraftResumedEnglish is the same in English.
func TestDemoDraftResumedEnglish(t *testing.T) {
	out := draftRuns(t, "dinh-van-khanh",
		[]string{"/report", "1", "12", "2"},
		[]string{"/report 1", "420.5", "1", "150 million", "1", "Long floods.", "/skip", "/skip", "/confirm"})
	_, thursday, _ := strings.Cut(out, "two days later")
	mustHave(t, thursday, "You have an unfinished report for Đồng Thắng commune: go on?", "▶ Go on with Đồng Thắng commune]",
		"Question 3/9 · Đồng Thắng commune", "Saved the report for Đồng Thắng commune (revision 1")
	if strings.Contains(thursday, "expired") || strings.Contains(thursday, "Question 1/9") {
		t.Errorf("the draft was thrown away or started over:\n%s", thursday)
	}
	golden(t, "draft_resumed_en.golden", out)
}

// TestDemoCorrectionShowsChangesVietnamese: a report saved, then corrected:
// the review marks the two changed answers old → new, the saved message
// lists them.
func TestDemoCorrectionShowsChangesVietnamese(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"/baocao", "1", "12", "2", "420,5", "1", "150 triệu", "2", "Mưa lũ kéo dài.", "/boqua", "/boqua", "/xacnhan",
		"/baocao", "1", // the correction's review
		"1", "13", // households
		"7", "Mưa lũ kéo dài, đã khắc phục một phần.", // difficulties
		"/xacnhan",
	), "demo", "--db", db, "--as", "hoang-thi-binh", "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	i := strings.LastIndex(out, "Kiểm tra lại báo cáo")
	if i < 0 {
		t.Fatalf("no review:\n%s", out)
	}
	mustHave(t, out[i:], "Số câu đã sửa so với lần 1: 2.", "12 hộ → 13 hộ / 18 hộ",
		"Mưa lũ kéo dài. → Mưa lũ kéo dài, đã khắc phục một phần.", "(lần 2", "Các thay đổi so với lần 1:")
	golden(t, "correction_changes_vi.golden", out)
}

// TestDemoCorrectionShowsChangesEnglish is the same in English.
func TestDemoCorrectionShowsChangesEnglish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"/report", "1", "12", "2", "420.5", "1", "150 million", "1", "Long floods.", "/skip", "/skip", "/confirm",
		"/report", "1",
		"1", "13",
		"7", "Long floods, partly repaired.",
		"/confirm",
	), "demo", "--db", db, "--as", "dinh-van-khanh", "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	i := strings.LastIndex(out, "Answers changed from revision 1")
	if i < 0 {
		t.Fatalf("no correction review:\n%s", out)
	}
	mustHave(t, out[i:], "Answers changed from revision 1: 2.", "12 households → 13 households",
		"Long floods. → Long floods, partly repaired.", "(revision 2", "Changes from revision 1:")
	golden(t, "correction_changes_en.golden", out)
}
