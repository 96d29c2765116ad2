package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// printedCode finds the invite code in the command's output.
var printedCode = regexp.MustCompile(`\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b`)

// TestInviteRegistersOnTelegram makes an invite for a demo member with the
// command, then uses the printed code as a Telegram user would.
func TestInviteRegistersOnTelegram(t *testing.T) {
	t.Setenv(botUsernameEnv, "")
	db := filepath.Join(t.TempDir(), "bot.db")
	out, errOut, code := runCmd(t, "", "invite", "--db", db, "--member", "hoang-thi-binh")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// The frozen clock says 01/01/2026 00:00 UTC: 07:00 in Hà Nội, plus 7 days.
	mustHave(t, out, "Mã mời cho Hoàng Thị Bình (hoang-thi-binh): ", "hết hạn lúc 08/01/2026 07:00 (Asia/Ho_Chi_Minh)",
		"--bot-username", "FIELDBOT_BOT_USERNAME", "/start ")
	typed := printedCode.FindString(out)
	if typed == "" {
		t.Fatalf("no code in:\n%s", out)
	}
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	eng := bot.New(bot.Options{Config: config.Demo(), Store: s, Clock: frozen})
	u := bot.Update{Chat: bot.ChatRef{Channel: "telegram", ChatID: "77"}, UserID: "77", Text: "/start " + typed}
	if err := eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		t.Fatal(err)
	}
	err = s.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Identity("telegram", "77")
		if m.Member != "hoang-thi-binh" {
			t.Errorf("the printed code bound user 77 to %q, %v; want hoang-thi-binh", m, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestInviteLink(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "district.yaml")
	if err := os.WriteFile(cfg, config.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(botUsernameEnv, "from_env_bot")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "https://t.me/from_env_bot?start="},
		{[]string{"--bot-username", "@chodon_report_bot"}, "https://t.me/chodon_report_bot?start="},
	} {
		args := append([]string{"invite", "--config", cfg, "--db", filepath.Join(dir, "bot.db"), "--member", "ma-van-cuong"}, tt.args...)
		out, errOut, code := runCmd(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		link := regexp.MustCompile(regexp.QuoteMeta(tt.want) + `([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\n`).FindStringSubmatch(out)
		if link == nil || link[1] != printedCode.FindString(out) {
			t.Errorf("%v: no link %s<the code> in:\n%s", tt.args, tt.want, out)
		}
	}
}

func TestInviteErrors(t *testing.T) {
	t.Setenv(botUsernameEnv, "")
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no member", []string{"--db", db, "--member", "khong-co"}, 1, `Không có thành viên mã "khong-co"`},
		{"no --member", []string{"--db", db}, 2, "--member MÃ"},
		{"no --db", []string{"--member", "ma-van-cuong"}, 2, "--db TỆP"},
		{"bad username", []string{"--db", db, "--member", "ma-van-cuong", "--bot-username", "no spaces"}, 1, "không hợp lệ"},
		{"missing config", []string{"--db", db, "--member", "ma-van-cuong", "--config", filepath.Join(dir, "none.yaml")}, 1, "none.yaml"},
	}
	for _, tt := range tests {
		out, errOut, code := runCmd(t, "", append([]string{"invite"}, tt.args...)...)
		if code != tt.code || out != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit %d and nothing printed", tt.name, code, out, tt.code)
		}
		mustHave(t, errOut, tt.want)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a failed invite created the database")
	}
}

func TestInviteDatabaseInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bot.db")
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, errOut, code := runCmd(t, "", "invite", "--db", db, "--member", "ma-van-cuong")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	mustHave(t, errOut, "đang được một tiến trình fieldbot khác sử dụng")
}

// TestInviteLinkFromConfigOrGetMe: without the flag or the environment
// variable, the username comes from the configuration, or else from
// Telegram's getMe when a token is at hand.
func TestInviteLinkFromConfigOrGetMe(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named.yaml")
	if err := os.WriteFile(named, append([]byte("telegram: {bot_username: chodon_baocao_bot}\n"), config.DemoYAML()...), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := telegramtest.New("123:secret")
	defer fake.Close()
	t.Setenv(tokenEnv, "123:secret")
	t.Setenv(apiEnv, fake.Endpoint())
	t.Setenv(botUsernameEnv, "")
	for _, tt := range []struct {
		cfg  []string
		want string
	}{
		{[]string{"--config", named}, "https://t.me/chodon_baocao_bot?start="},
		{nil, "https://t.me/" + fake.Bot().UserName + "?start="},
	} {
		args := append([]string{"invite", "--db", filepath.Join(dir, "bot.db"), "--member", "ma-van-cuong"}, tt.cfg...)
		out, errOut, code := runCmd(t, "", args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, want %q in:\n%s%s", tt.cfg, code, tt.want, out, errOut)
		}
		if strings.Contains(out+errOut, "123:secret") {
			t.Error("the token was printed")
		}
	}
}
