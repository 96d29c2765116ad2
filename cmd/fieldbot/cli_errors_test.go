package main

import (
	"bytes"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"unicode"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/i18n"
	"fieldbot/store"
)

// runMain runs the real fieldbot (this test binary standing in, see
// TestMain) in a child process with FIELDBOT_LANG=lang and no input.
func runMain(t *testing.T, lang string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runMainEnv(t, nil, lang, args...)
}

// runMainEnv is runMain with more environment variables ("NAME=value").
func runMainEnv(t *testing.T, env []string, lang string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), env...), "FIELDBOT_TEST_MAIN=1", "FIELDBOT_LANG="+lang)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// englishWords are words of the English catalog that a Vietnamese message
// must not contain (YAML keys and flag names, which are the same in both
// languages, are left out).
var englishWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the is not no there want missing unknown usage provided defined such directory " +
		"permission denied option options command commands database folder cannot file default needs value problem problems line of") {
		englishWords[w] = true
	}
}

// vietnamese matches the letters of Vietnamese that English never uses.
var vietnamese = regexp.MustCompile(`[À-ỹđĐ]`)

// flagName is an option as written on the command line, the same in both
// languages.
var flagName = regexp.MustCompile(`(^|\s)--?[a-z][a-z-]*`)

// leaks returns the words of the other language found in out: English in
// Vietnamese output, Vietnamese in English output (the demo district's name
// "Chợ Đồn" is a proper name and stays; option names are the same in both).
func leaks(lang, out string) []string {
	if lang == "vi" {
		var found []string
		for _, w := range strings.FieldsFunc(flagName.ReplaceAllString(out, " "), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if englishWords[strings.ToLower(w)] {
				found = append(found, w)
			}
		}
		return found
	}
	return vietnamese.FindAllString(strings.ReplaceAll(out, "Chợ Đồn", ""), -1)
}

// withoutLog drops the log lines (log/slog's text format) from out.
func withoutLog(out string) string {
	var keep []string
	for _, l := range strings.SplitAfter(out, "\n") {
		if !strings.HasPrefix(l, "time=") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// readOnlyDir is a folder in which this process may not create a file.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "chi-doc")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 { // root writes anywhere on disk; sysfs still refuses
		dir = "/sys"
	}
	f, err := os.OpenFile(filepath.Join(dir, "thu.db"), os.O_RDWR|os.O_CREATE, 0o600)
	if err == nil {
		f.Close()
		return ""
	}
	if !errors.Is(err, fs.ErrPermission) {
		return ""
	}
	return dir
}

// TestCLIErrorLines runs the real program for each mistake a person makes
// at the command line, in both languages, and checks the exact line it
// prints, its exit code, that the error is told once (no path twice, no
// Go error text), and that nothing of the other language leaks in.
func TestCLIErrorLines(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "hong.db")
	if err := os.WriteFile(corrupt, bytes.Repeat([]byte("không phải cơ sở dữ liệu "), 400), 0o644); err != nil {
		t.Fatal(err)
	}
	badYAML := filepath.Join(dir, "sai.yaml")
	if err := os.WriteFile(badYAML, []byte("area:\n  name: x\n  timezone: Mars/Base\nperiod:\n  kind: yearly\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inUse := filepath.Join(dir, "dang-dung.db")
	held, err := store.Open(inUse, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	ro := readOnlyDir(t)
	// run gets as far as its HTTP server: Telegram is the strict fake, the
	// address is taken.
	fake := telegramtest.New(serveToken)
	defer fake.Close()
	district := filepath.Join(dir, "huyen.yaml")
	if err := os.WriteFile(district, config.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()

	type text struct{ vi, en string }
	cases := []struct {
		name   string
		args   []string
		code   int
		env    []string // more environment for the child
		stdout bool     // the lines are on stdout (help), else stderr
		lines  text     // the whole output, {dir} standing for the folder
		skip   string
	}{
		{name: "config file missing", args: []string{"check", "--config", filepath.Join(dir, "khong-co.yaml")}, code: 1, lines: text{
			"fieldbot: Không tìm thấy tệp cấu hình {dir}/khong-co.yaml. Hãy kiểm tra lại đường dẫn.",
			"fieldbot: There is no configuration file {dir}/khong-co.yaml. Check the path."}},
		{name: "config is a folder", args: []string{"check", "--config", dir}, code: 1, lines: text{
			"fieldbot: {dir} là một thư mục, không phải tệp cấu hình. Hãy chỉ ra một tệp.",
			"fieldbot: {dir} is a folder, not a configuration file. Name a file."}},
		{name: "database is a folder", args: []string{"demo", "--db", dir, "--as", "ly-thi-mai"}, code: 1, lines: text{
			"fieldbot: {dir} là một thư mục, không phải tệp cơ sở dữ liệu. Hãy chỉ ra một tệp.",
			"fieldbot: {dir} is a folder, not a database file. Name a file."}},
		{name: "database folder missing", args: []string{"demo", "--db", filepath.Join(dir, "chua-co", "x.db"), "--as", "ly-thi-mai"}, code: 1, lines: text{
			"fieldbot: Không có thư mục {dir}/chua-co để tạo tệp cơ sở dữ liệu {dir}/chua-co/x.db. Hãy tạo thư mục đó hoặc chọn đường dẫn khác.",
			"fieldbot: There is no folder {dir}/chua-co to make the database file {dir}/chua-co/x.db in. Create the folder or choose another path."}},
		{name: "database to read missing", args: []string{"digest", "--db", filepath.Join(dir, "thieu.db"), "--period", "2020-W38"}, code: 1, lines: text{
			"fieldbot: Không tìm thấy tệp cơ sở dữ liệu {dir}/thieu.db. Hãy kiểm tra lại đường dẫn.",
			"fieldbot: There is no database file {dir}/thieu.db. Check the path."}},
		{name: "database in a read-only folder", args: []string{"demo", "--db", filepath.Join(ro, "x.db"), "--as", "ly-thi-mai"}, code: 1, lines: text{
			"fieldbot: Không có quyền ghi tệp cơ sở dữ liệu " + ro + "/x.db. Hãy kiểm tra quyền ghi của tệp và của thư mục " + ro + ", hoặc chọn đường dẫn khác.",
			"fieldbot: You may not write the database file " + ro + "/x.db. Check the permissions of the file and of the folder " + ro + ", or choose another path."},
			skip: map[bool]string{true: "no folder refuses this process a new file"}[ro == ""]},
		{name: "database in use", args: []string{"check", "--db", inUse}, code: 1, lines: text{
			"fieldbot: Cơ sở dữ liệu {dir}/dang-dung.db đang được một tiến trình fieldbot khác sử dụng (có thể là bot đang chạy). Hãy dừng tiến trình đó hoặc dùng tệp khác.",
			"fieldbot: The database {dir}/dang-dung.db is in use by another fieldbot process (perhaps the running bot). Stop it or use another file."}},
		{name: "database damaged", args: []string{"check", "--db", corrupt}, code: 1, lines: text{
			"fieldbot: Tệp {dir}/hong.db không phải cơ sở dữ liệu fieldbot hoặc đã bị hỏng. Hãy kiểm tra đường dẫn, hoặc khôi phục từ bản sao lưu.",
			"fieldbot: The file {dir}/hong.db is not a fieldbot database, or it is damaged. Check the path, or restore it from a backup."}},
		{name: "token file missing", args: []string{"run", "--config", badYAML, "--token-file", filepath.Join(dir, "ma.txt")}, code: 1, lines: text{
			"fieldbot: Không tìm thấy tệp token {dir}/ma.txt. Hãy kiểm tra lại đường dẫn.",
			"fieldbot: There is no token file {dir}/ma.txt. Check the path."}},
		{name: "run with a config file missing", args: []string{"run", "--config", filepath.Join(dir, "khong-co.yaml")},
			env: []string{"TELEGRAM_BOT_TOKEN=1:x", "ZALO_BOT_TOKEN="}, code: 1, lines: text{
				"fieldbot: Không tìm thấy tệp cấu hình {dir}/khong-co.yaml. Hãy kiểm tra lại đường dẫn.",
				"fieldbot: There is no configuration file {dir}/khong-co.yaml. Check the path."}},
		{name: "HTTP address in use", args: []string{"run", "--config", district, "--db", filepath.Join(dir, "run.db"), "--listen", addr},
			env: []string{"TELEGRAM_BOT_TOKEN=" + serveToken, "ZALO_BOT_TOKEN=", "FIELDBOT_TELEGRAM_API=" + fake.Endpoint()}, code: 1, lines: text{
				"fieldbot: Địa chỉ " + addr + " đang được một chương trình khác dùng (có thể là một bot khác đang chạy). Hãy dừng chương trình đó hoặc chọn địa chỉ khác cho --listen.",
				"fieldbot: The address " + addr + " is in use by another program (perhaps another bot). Stop it or choose another address for --listen."}},
		{name: "metrics address in use", args: []string{"run", "--config", district, "--db", filepath.Join(dir, "run.db"), "--metrics-listen", addr},
			env: []string{"TELEGRAM_BOT_TOKEN=" + serveToken, "ZALO_BOT_TOKEN=", "FIELDBOT_TELEGRAM_API=" + fake.Endpoint()}, code: 1, lines: text{
				"fieldbot: Địa chỉ " + addr + " đang được một chương trình khác dùng (có thể là một bot khác đang chạy). Hãy dừng chương trình đó hoặc chọn địa chỉ khác cho --metrics-listen.",
				"fieldbot: The address " + addr + " is in use by another program (perhaps another bot). Stop it or choose another address for --metrics-listen."}},
		{name: "unknown log format", args: []string{"run", "--config", district, "--log-format", "xml"},
			env: []string{"TELEGRAM_BOT_TOKEN=1:x", "ZALO_BOT_TOKEN="}, code: 1, lines: text{
				"fieldbot: --log-format \"xml\" không dùng được: chọn text hoặc json.",
				"fieldbot: --log-format \"xml\" is not usable: choose text or json."}},
		{name: "metrics on the public address", args: []string{"run", "--config", district, "--listen", ":8443", "--metrics-listen", ":8443"},
			env: []string{"TELEGRAM_BOT_TOKEN=1:x", "ZALO_BOT_TOKEN="}, code: 1, lines: text{
				"fieldbot: --metrics-listen phải khác địa chỉ của --listen: đó là địa chỉ riêng cho giám sát.",
				"fieldbot: --metrics-listen must differ from --listen: it is the private address for monitoring."}},
		{name: "Telegram refuses the token", args: []string{"run", "--config", district, "--db", filepath.Join(dir, "run.db")},
			env: []string{"TELEGRAM_BOT_TOKEN=123:sai-ma", "ZALO_BOT_TOKEN=", "FIELDBOT_TELEGRAM_API=" + fake.Endpoint()}, code: 1, lines: text{
				"fieldbot: Không kết nối được với Telegram: hãy kiểm tra mã token và mạng (thêm -v để xem chi tiết kỹ thuật).",
				"fieldbot: Cannot connect to Telegram: check the token and the network (add -v for the technical detail)."}},
		{name: "unknown flag", args: []string{"demo", "--nope"}, code: 2, lines: text{
			"Lệnh demo không có tùy chọn --nope.\nXem các tùy chọn của lệnh: fieldbot demo -h",
			"The demo command has no option --nope.\nSee the command's options: fieldbot demo -h"}},
		{name: "flag without its value", args: []string{"digest", "--db"}, code: 2, lines: text{
			"Tùy chọn --db cần có giá trị đi sau, ví dụ --db GIÁ_TRỊ.\nXem các tùy chọn của lệnh: fieldbot digest -h",
			"The option --db needs a value after it, as in --db VALUE.\nSee the command's options: fieldbot digest -h"}},
		{name: "bad switch value", args: []string{"demo", "--seed-reports=co"}, code: 2, lines: text{
			"Giá trị \"co\" không dùng được cho tùy chọn --seed-reports.\nXem các tùy chọn của lệnh: fieldbot demo -h",
			"The value \"co\" does not suit the option --seed-reports.\nSee the command's options: fieldbot demo -h"}},
		{name: "a file name without its flag", args: []string{"check", "cau-hinh.yaml"}, code: 2, lines: text{
			"Lệnh check không nhận \"cau-hinh.yaml\" đứng riêng: giá trị phải đi sau tên tùy chọn, ví dụ --config cau-hinh.yaml.\nXem các tùy chọn của lệnh: fieldbot check -h",
			"The check command does not take \"cau-hinh.yaml\" on its own: a value goes after the option's name, as in --config cau-hinh.yaml.\nSee the command's options: fieldbot check -h"}},
		{name: "unknown command", args: []string{"baocao"}, code: 2, lines: text{
			"Không có lệnh \"baocao\".\nCách dùng: fieldbot <lệnh> [tùy chọn]",
			"There is no command \"baocao\".\nUsage: fieldbot <command> [options]"}},
		{name: "month on a weekly configuration", args: []string{"digest", "--db", filepath.Join(dir, "x.db"), "--period", "2020-09"}, code: 1, lines: text{
			"fieldbot: Kỳ \"2020-09\" không phải một tuần. Cấu hình này báo cáo theo tuần: hãy viết năm và số tuần, ví dụ 2020-W38.",
			"fieldbot: The period \"2020-09\" is not a week. This configuration reports by week: write the year and the week number, as in 2020-W38."}},
		{name: "configuration with problems", args: []string{"check", "--config", badYAML}, code: 1, lines: text{
			"fieldbot: Tệp cấu hình {dir}/sai.yaml có 7 lỗi:\n" +
				"  dòng 1: form: còn thiếu\n" +
				"  dòng 1: units: còn thiếu\n" +
				"  dòng 1: members: còn thiếu\n" +
				"  dòng 2: area.program: còn thiếu\n" +
				"  dòng 2: area.name \"x\": cần một đoạn chữ cho mỗi ngôn ngữ, ví dụ {vi: ..., en: ...}\n" +
				"  dòng 3: area.timezone \"Mars/Base\": không nhận ra múi giờ này (cần tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh)\n" +
				"  dòng 5: period.kind \"yearly\": loại kỳ báo cáo không hợp lệ (cần weekly hoặc monthly)",
			"fieldbot: The configuration file {dir}/sai.yaml has 7 problems:\n" +
				"  line 1: form: missing\n" +
				"  line 1: units: missing\n" +
				"  line 1: members: missing\n" +
				"  line 2: area.program: missing\n" +
				"  line 2: area.name \"x\": want one text per language, like {vi: ..., en: ...}\n" +
				"  line 3: area.timezone \"Mars/Base\": unknown time zone (want an IANA name such as Asia/Ho_Chi_Minh)\n" +
				"  line 5: period.kind \"yearly\": unknown period kind (want weekly or monthly)"}},
	}
	goText := regexp.MustCompile(`no such file|permission denied|is a directory|not a directory|flag provided|Usage of|\(default |open .*: `)
	for _, c := range cases {
		for _, lang := range []string{"vi", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				if c.skip != "" {
					t.Skip(c.skip)
				}
				stdout, stderr, code := runMainEnv(t, c.env, lang, c.args...)
				stderr = withoutLog(stderr) // run's service log is for the administrator, in English
				got := stderr
				if c.stdout {
					got = stdout
				}
				want := strings.ReplaceAll(map[string]string{"vi": c.lines.vi, "en": c.lines.en}[lang], "{dir}", dir)
				if code != c.code {
					t.Errorf("exit %d, want %d", code, c.code)
				}
				if c.name == "unknown command" { // the command list follows; TestHelpListsEveryCommand checks it
					got = strings.Join(strings.SplitN(got, "\n", 3)[:2], "\n") + "\n"
				}
				if got != want+"\n" {
					t.Errorf("got\n%s\nwant\n%s", got, want)
				}
				if goText.MatchString(stdout + stderr) {
					t.Errorf("Go's own error text shown:\n%s%s", stdout, stderr)
				}
				if l := leaks(lang, strings.ReplaceAll(stdout+stderr, dir, "")); len(l) > 0 {
					t.Errorf("words of the other language %q in:\n%s%s", l, stdout, stderr)
				}
			})
		}
	}
}

// TestHelpListsEveryCommand: help names every command fieldbot runs, and
// each command's -h lists its options in the user's language, with no
// word of the other language and none of Go's own.
func TestHelpListsEveryCommand(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		out, errOut, code := runMain(t, lang, "help")
		if code != 0 || errOut != "" {
			t.Fatalf("%s help: exit %d, stderr %q", lang, code, errOut)
		}
		p := i18n.For(i18n.Lang(lang))
		for _, name := range []string{"demo", "check", "digest", "history", "invite", "run", "backup", "restore", "help"} {
			if line := "  " + (name + "        ")[:7] + " " + p.T("cli.cmd."+name) + "\n"; !strings.Contains(out, line) {
				t.Errorf("%s help: no line %q in\n%s", lang, line, out)
			}
		}
		if l := leaks(lang, out); len(l) > 0 {
			t.Errorf("%s help: words of the other language %q", lang, l)
		}
		for _, c := range commands {
			out, errOut, code := runMain(t, lang, c.name, "-h")
			if same, _, _ := runMain(t, lang, "help", c.name); same != out {
				t.Errorf("%s help %s differs from %s -h:\n%s", lang, c.name, c.name, same)
			}
			if code != 0 || errOut != "" {
				t.Errorf("%s %s -h: exit %d, stderr %q", lang, c.name, code, errOut)
			}
			if first := strings.SplitN(out, "\n", 2)[0]; first != p.T("cli.cmd_usage", "cmd", c.name) {
				t.Errorf("%s %s -h: first line %q", lang, c.name, first)
			}
			if !strings.Contains(out, "\n  --db ") || strings.Contains(out, "Usage of") || strings.Contains(out, "(default ") {
				t.Errorf("%s %s -h: not the catalog's option list:\n%s", lang, c.name, out)
			}
			if l := leaks(lang, out); len(l) > 0 {
				t.Errorf("%s %s -h: words of the other language %q in\n%s", lang, c.name, l, out)
			}
		}
	}
}

// TestExplainPermission: a permission refusal is told in words whichever
// way the system says it, even where the test cannot make one happen.
func TestExplainPermission(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		e := &env{p: i18n.For(lang)}
		err := &fileError{kind: dbFile, path: "/srv/bot/x.db", create: true,
			err: &fs.PathError{Op: "open", Path: "/srv/bot/x.db", Err: syscall.EACCES}}
		got := e.explain(err)
		want := e.p.T("cli.file_denied_write", "what", e.p.T("cli.file.db"), "file", "/srv/bot/x.db", "dir", "/srv/bot")
		if got != want || strings.Count(got, "/srv/bot/x.db") != 1 || strings.Contains(got, "permission denied") {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// TestBuiltKeysInCatalogs: the message keys built from names at run time
// (a command's summary, what a file is for, the period forms) are in both
// catalogs.
func TestBuiltKeysInCatalogs(t *testing.T) {
	keys := []string{"cli.cmd.help", badPeriodKey(bot.Weekly), badPeriodKey(bot.Monthly)}
	for _, c := range commands {
		keys = append(keys, "cli.cmd."+c.name)
	}
	for _, k := range []fileKind{configFile, dbFile, outFolder, outFile, tokenFile, backupFile, backupFolder} {
		keys = append(keys, "cli.file."+string(k))
	}
	for _, lang := range i18n.Langs {
		for _, k := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: key %q is missing", lang, k)
			}
		}
	}
}

// TestVerboseShowsDetail: -v, which every command takes, adds the system's
// error text in a log line after the sentence; without it there is none.
func TestVerboseShowsDetail(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "khong-co.yaml")
	for _, cmd := range []string{"check", "digest", "invite", "demo"} {
		args := []string{cmd, "--config", missing, "--db", filepath.Join(filepath.Dir(missing), "x.db"), "--member", "an"}
		switch cmd {
		case "check", "demo":
			args = args[:3]
		case "digest":
			args = args[:5]
		}
		_, plain, _ := runMain(t, "vi", args...)
		_, verbose, code := runMain(t, "vi", append(args, "-v")...)
		sentence := "fieldbot: Không tìm thấy tệp cấu hình " + missing + ". Hãy kiểm tra lại đường dẫn.\n"
		if code != 1 || plain != sentence || withoutLog(verbose) != sentence {
			t.Errorf("%s: exit %d, stderr %q, with -v %q", cmd, code, plain, verbose)
		}
		if !strings.Contains(verbose, "level=DEBUG") || !strings.Contains(verbose, "no such file or directory") {
			t.Errorf("%s -v: no detail in %q", cmd, verbose)
		}
	}
}
