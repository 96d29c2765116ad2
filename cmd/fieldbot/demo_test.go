package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoResumesAfterRestart stops the demo in the middle of a report (end
// of input), starts it again on the same database, and finishes the report:
// the earlier answers are kept and the report is stored once.
func TestDemoResumesAfterRestart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	args := []string{"demo", "--db", db, "--as", "hoang-thi-binh", "--now", "2020-09-16 09:00"}
	out, errOut, code := runCmd(t, script("/baocao", "1", "9", "2", "300,5"), args...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Câu 4/9") {
		t.Fatalf("first run did not reach question 4:\n%s", out)
	}
	out, errOut, code = runCmd(t, script("1", "150", "1", "/boqua", "/boqua", "/boqua", "/xacnhan", "/trangthai"), args...)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "Tiếp tục phần báo cáo đang dở", "Câu 4/9",
		"1. Số hộ thoát nghèo từ đầu năm: 9 hộ", "300,5 triệu đồng", "Đã lưu báo cáo của Xã Bản Thi (lần 1")
	if n := strings.Count(out, "✅ Xã Bản Thi — đã báo cáo"); n != 1 {
		t.Errorf("status shows the report %d times", n)
	}
	// A third run starts fresh: nothing to resume, the report is there once.
	out, _, _ = runCmd(t, script("/trangthai"), args...)
	mustHave(t, out, "✅ Xã Bản Thi — đã báo cáo lúc 16/09/2020 09:00 (lần 1)")
	if strings.Contains(out, "Tiếp tục") {
		t.Error("a finished report was resumed")
	}
}

func TestDemoBadInputs(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, []byte(strings.Repeat("không phải cơ sở dữ liệu ", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	badYAML := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badYAML, []byte("area: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"corrupt database", []string{"demo", "--db", corrupt, "--as", "hoang-thi-binh"}, 1, "corrupt.db"},
		{"missing config", []string{"demo", "--db", filepath.Join(dir, "x.db"), "--config", filepath.Join(dir, "nope.yaml")}, 1, "nope.yaml"},
		{"broken config", []string{"check", "--config", badYAML}, 1, "bad.yaml"},
		{"unknown member", []string{"demo", "--db", filepath.Join(dir, "y.db"), "--as", "ai-do"}, 1, "ai-do"},
		{"unknown subcommand", []string{"fly"}, 2, "fly"},
		{"bad flag", []string{"demo", "--bogus"}, 2, "bogus"},
		{"bad --now", []string{"demo", "--db", filepath.Join(dir, "z.db"), "--now", "hôm qua"}, 1, "hôm qua"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", c.args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d (want %d), stderr %q (want it to mention %q)", code, c.code, errOut, c.want)
			}
		})
	}
}

func TestCheckDemoConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "district.yaml")
	out, _, code := runCmd(t, "", "demo", "--print-config")
	if code != 0 || !strings.Contains(out, "Bằng Lũng") {
		t.Fatalf("print-config: exit %d", code)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, "", "check", "--config", path)
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "cấu hình hợp lệ (20 đơn vị, 11 thành viên")
}

func mustHave(t *testing.T, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in:\n%s", w, s)
		}
	}
}

// TestDemoRendersAsZalo: --render zalo plays the text-only flow: no file is
// written (Zalo has no documents, and the demo no public URL), the digest
// says where its files are, and a bad --render is refused.
func TestDemoRendersAsZalo(t *testing.T) {
	dir := t.TempDir()
	files := filepath.Join(dir, "files")
	args := []string{"demo", "--db", filepath.Join(dir, "demo.db"), "--as", "ha-duc-thang", "--now", "2020-09-16 09:00",
		"--files", files, "--render", "zalo"}
	out, errOut, code := runCmd(t, script("/tonghop"), args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	mustHave(t, out, "không gửi được qua kênh này")
	if _, err := os.Stat(files); !os.IsNotExist(err) {
		t.Errorf("files written for a Zalo rendering: %v", err)
	}
	if _, errOut, code := runCmd(t, script(), "demo", "--db", filepath.Join(dir, "d2.db"), "--render", "fax"); code == 0 || !strings.Contains(errOut, "--render") {
		t.Errorf("--render fax: exit %d, %q", code, errOut)
	}
}

// TestDemoFirstScreen is what a newcomer meets with no option at all: the
// built-in demo's clock in the inspection week, said so, how to leave, and
// each member's role and units.
func TestDemoFirstScreen(t *testing.T) {
	dir := t.TempDir()
	files := filepath.Join(dir, "files") // not the shared default under the system's temp folder
	out, errOut, code := runCmd(t, script("9", "/trangthai"), "demo", "--db", filepath.Join(dir, "demo.db"), "--files", files)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out = strings.ReplaceAll(out, files, "FILES")
	mustHave(t, out, "bắt đầu lúc 16/09/2020 09:00", "Ctrl-D", "trưởng ban", "chỉ xem báo cáo tổng hợp",
		"thành viên · phụ trách Thị trấn Bằng Lũng, Xã Ngọc Phái, Xã Phương Viên", "tuần 38 (14/09–20/09/2020)")
	golden(t, "demo_first_screen.golden", out)
}

// TestDemoOwnConfigKeepsTheRealClock: with --config the demo runs on the
// real clock (the tests' frozen 1 January 2026) and says nothing of 2020;
// --now still moves it.
func TestDemoOwnConfigKeepsTheRealClock(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "district.yaml")
	yaml, _, _ := runCmd(t, "", "demo", "--print-config")
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, script("/baocao"), "demo", "--db", filepath.Join(dir, "a.db"), "--config", cfg, "--as", "nguyen-van-an")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	mustHave(t, out, "tuần 1 (29/12–04/01/2026)")
	if strings.Contains(out, "Đồng hồ của bản demo") {
		t.Errorf("a clock note with the user's own configuration:\n%s", out)
	}
	out, _, _ = runCmd(t, script("/baocao"), "demo", "--db", filepath.Join(dir, "b.db"), "--as", "nguyen-van-an", "--now", "2020-09-09 09:00")
	mustHave(t, out, "tuần 37 (07/09–13/09/2020)")
	if strings.Contains(out, "Đồng hồ của bản demo") {
		t.Errorf("a clock note though --now was given:\n%s", out)
	}
}

// TestHelpAndCheckDefaults: check without --config checks the built-in
// demo; -h exits 0 and digest's -db help is its own.
func TestHelpAndCheckDefaults(t *testing.T) {
	out, errOut, code := runCmd(t, "", "check")
	if code != 0 {
		t.Fatalf("check: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "cấu hình mẫu có sẵn: cấu hình hợp lệ (20 đơn vị")
	for _, cmd := range []string{"digest", "demo", "check", "invite"} {
		out, _, code := runCmd(t, "", cmd, "-h")
		if code != 0 {
			t.Errorf("%s -h: exit %d", cmd, code)
		}
		if cmd == "digest" {
			mustHave(t, out, "chỉ đọc")
			if strings.Contains(out, "tiếp tục phần đang dở") {
				t.Errorf("digest -h: the demo's -db help:\n%s", out)
			}
		}
	}
}

// TestDemoHelpByRole: /trogiup lists only what the reader's role may do:
// the viewer is not offered /trangthai or /baocao, the admin is offered /moi.
func TestDemoHelpByRole(t *testing.T) {
	var all strings.Builder
	for _, id := range []string{"pham-quoc-tuan", "be-thi-lan"} {
		out, errOut, code := runCmd(t, script("/trogiup"), "demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--as", id, "--now", "2020-09-16 09:00")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", id, code, errOut)
		}
		// The last "Các lệnh:" block is the answer to /trogiup (the digest
		// caught up at start comes before it).
		i := strings.LastIndex(out, "Các lệnh:")
		if i < 0 {
			t.Fatalf("%s: no help:\n%s", id, out)
		}
		all.WriteString(id + ":\n" + out[i:])
	}
	viewer, _, _ := strings.Cut(all.String(), "be-thi-lan:")
	if strings.Contains(viewer, "/trangthai") || strings.Contains(viewer, "/baocao —") {
		t.Errorf("the viewer's help offers what the viewer may not do:\n%s", viewer)
	}
	mustHave(t, all.String(), "/tonghop", "/moi")
	golden(t, "help_by_role.golden", all.String())
}

// TestDemoReminderMidReport: a member stops in the middle of a report; the
// Thursday reminder comes while it is open (at the next start, which runs
// the missed job); its units are typed commands, and the open question is
// asked again so the next answer is not typed blind.
func TestDemoReminderMidReport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	args := func(now string) []string {
		return []string{"demo", "--db", db, "--as", "hoang-thi-binh", "--now", now}
	}
	first, errOut, code := runCmd(t, script("/baocao", "1", "9"), args("2020-09-17 07:50")...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	second, errOut, code := runCmd(t, script("/baocao 2", "/huy", "/baocao 2"), args("2020-09-17 08:30")...)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut)
	}
	mustHave(t, second, "Kính gửi đồng chí Hoàng Thị Bình", "[/baocao 1 ▶ Tiếp tục Xã Bản Thi]", "Câu 2/9 · Xã Bản Thi",
		"Câu 1/9 · Xã Xuân Lạc")
	golden(t, "reminder_mid_report.golden", first+"――― (restart at 08:30) ―――\n"+second)
}

// TestCheckDB: check --db reads every record; a damaged one is named and
// the exit code is 1.
func TestCheckDB(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("seeding: exit %d: %s", code, errOut)
	}
	out, errOut, code := runCmd(t, "", "check", "--db", db)
	if code != 0 || !strings.Contains(out, "không bản ghi nào hỏng") {
		t.Fatalf("a sound file: exit %d, %q %q", code, out, errOut)
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(raw, []byte("\xb1\x082020-W38")) // a report record: its version, then its period
	if i < 0 {
		t.Fatal("no report record found in the file")
	}
	raw[i+12] ^= 0x01
	if err := os.WriteFile(db, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCmd(t, "", "check", "--db", db)
	if code != 1 || !strings.Contains(errOut, "bị hỏng") || !strings.Contains(errOut, "(nhóm reports)") && !strings.Contains(errOut, "(nhóm revisions)") ||
		strings.Contains(errOut, "checksum") {
		t.Errorf("a damaged file: exit %d, %q", code, errOut)
	}
}

// TestDemoUnchangedWeek: on the seeded demo, a week later, a member whose
// unit has nothing new sends two messages, /baocao with the unit and one
// confirm: the review comes pre-filled with last week's figures, marked as
// not yet confirmed and the running totals as unchanged.
func TestDemoUnchangedWeek(t *testing.T) {
	for _, c := range []struct{ lang, as, unit, confirm, status string }{
		{"vi", "hoang-thi-binh", "/baocao 2", "/xacnhan", "/trangthai"},
		{"en", "dinh-van-khanh", "/report 1", "/confirm", "/status"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "demo.db")
			if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
				t.Fatalf("seeding: exit %d: %s", code, errOut)
			}
			out, errOut, code := runCmd(t, script(c.unit, c.confirm, c.status), "demo", "--db", db, "--as", c.as, "--now", "2020-09-23 09:00")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if c.lang == "vi" {
				mustHave(t, out, "lấy từ báo cáo tuần 38", "không đổi so với kỳ trước, chưa xác nhận",
					"Đã lưu báo cáo của Xã Xuân Lạc (lần 1, lúc 23/09/2020 09:00)", "✅ Xã Xuân Lạc — đã báo cáo lúc 23/09/2020 09:00 (lần 1)")
			}
			golden(t, "unchanged_week_"+c.lang+".golden", out)
		})
	}
}

// TestSeedingIsQuiet: --seed-reports marks hundreds of replies read; none of
// that reaches the terminal as log lines (it once printed one per reply on
// the default logger).
func TestSeedingIsQuiet(t *testing.T) {
	var logged bytes.Buffer
	was := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, nil)))
	defer slog.SetDefault(was)
	_, errOut, code := runCmd(t, "", "demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--seed-reports")
	if code != 0 {
		t.Fatalf("seeding: exit %d: %s", code, errOut)
	}
	if strings.Contains(errOut, "level=INFO") || logged.Len() > 0 {
		t.Errorf("seeding logged: %q %q", errOut, logged.String())
	}
}
