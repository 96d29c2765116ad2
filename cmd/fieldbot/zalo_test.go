package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/zalo/zalotest"
	"fieldbot/i18n"
	"fieldbot/store"
)

const zaloToken = "9001:zalo-secret-token"

// startRunAt is startRun on a clock of its own.
func startRunAt(clock bot.Clock, args ...string) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stderr: &lockedBuffer{}, cancel: cancel, code: make(chan int, 1)}
	e := &env{stdin: strings.NewReader(""), stdout: &lockedBuffer{}, stderr: r.stderr, p: i18n.For(i18n.VI), clock: clock}
	go func() { r.code <- e.run(ctx, args) }()
	return r
}

// runningFrom is a clock that starts at start and runs (the rate limiters
// refill only on a clock that moves).
func runningFrom(start time.Time) bot.Clock {
	real := time.Now()
	return bot.ClockFunc(func() time.Time { return start.Add(time.Since(real)) })
}

// waitZalo waits for cond on the Zalo fake.
func waitZalo(t *testing.T, z *zalotest.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := z.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// zaloTexts is everything the bot sent to a Zalo chat, joined.
func zaloTexts(z *zalotest.Server, chat string) string {
	var b strings.Builder
	for _, m := range z.Messages(chat) {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// TestRunTelegramAndZaloInOneProcess: one fieldbot run serves a Telegram
// fake and a Zalo fake on one HTTP server (webhooks under --public-url). A
// member registers on both; the chair registers on Zalo and asks for the
// digest: the text, the chart fetched by Zalo from the bot's own server,
// and the workbook as a link that serves it. After a restart past the
// Thursday reminder, the member gets it once, on Zalo, where they last wrote.
func TestRunTelegramAndZaloInOneProcess(t *testing.T) {
	tg, cfgPath, dbPath, tgCode := serveSetup(t)
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eng := bot.New(bot.Options{Config: config.Demo(), Store: db, Clock: frozen})
	zCode, err1 := eng.Invite(context.Background(), "hoang-thi-binh")
	chairCode, err2 := eng.Invite(context.Background(), "ha-duc-thang")
	db.Close()
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	z := zalotest.New(zaloToken)
	t.Cleanup(z.Close)
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	t.Setenv(webhookSecretEnv, "tg-secret_123")
	t.Setenv(zaloTokenEnv, zaloToken)
	t.Setenv(zaloAPIEnv, z.URL())
	t.Setenv(zaloWebhookSecretEnv, "zalo-secret_123")
	addr := freeAddr(t)
	public := "http://" + addr
	args := []string{"run", "--config", cfgPath, "--db", dbPath, "--listen", addr, "--public-url", public}
	thursday7 := runningFrom(time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC).Add(-7 * time.Hour)) // 07:00 in Hà Nội
	run := startRunAt(thursday7, args...)
	waitZalo(t, z, "the Zalo webhook", func() bool { return z.CurrentWebhook().URL == public+"/zalo" })
	waitFake(t, tg, "the Telegram webhook", func() bool { return tg.CurrentWebhook().URL == public+"/telegram" })

	body := `{"update_id":5,"message":{"message_id":1,"from":{"id":8802,"is_bot":false,"first_name":"Bình"},"chat":{"id":8802,"type":"private"},"date":1767225600,"text":"/start ` + tgCode + `"}}`
	if got := post(t, public+"/telegram", "tg-secret_123", body); got != http.StatusOK {
		t.Fatalf("telegram post: %d\n%s", got, run.stderr)
	}
	waitFake(t, tg, "the Telegram welcome", func() bool { return strings.Contains(lastText(tg, 8802), "Hoàng Thị Bình") })

	member, chair := z.NewUser("Bình"), z.NewUser("Thắng")
	say := func(u zalotest.User, text string) {
		t.Helper()
		if code, err := z.Post(context.Background(), public+"/zalo", "zalo-secret_123", zalotest.Bare, z.TextEvent(u, text)); err != nil || code != http.StatusOK {
			t.Fatalf("zalo post %q: %d %v\n%s", text, code, err, run.stderr)
		}
	}
	say(member, zCode.Display())
	waitZalo(t, z, "the Zalo welcome", func() bool { return strings.Contains(zaloTexts(z, member.ChatID), "Hoàng Thị Bình") })
	mustHave(t, zaloTexts(z, member.ChatID), "hệ thống trả lời tự động", "tài khoản Zalo") // the first-contact notice
	say(chair, "/start "+chairCode.Display())
	say(chair, "/tonghop")
	waitZalo(t, z, "the chart, fetched by Zalo", func() bool {
		for _, m := range z.Messages(chair.ChatID) {
			if m.Kind == zalotest.KindPhoto && len(m.Photo) > 0 {
				return true
			}
		}
		return false
	})
	digest := zaloTexts(z, chair.ChatID)
	mustHave(t, digest, "BÁO CÁO TỔNG HỢP", "📎 ")
	link := regexp.MustCompile(`📎 [^:]+\.xlsx: (http://\S+)`).FindStringSubmatch(digest)
	if link == nil {
		t.Fatalf("no workbook link in:\n%s", digest)
	}
	resp, err := http.Get(link[1])
	if err != nil {
		t.Fatal(err)
	}
	book, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(book), "PK") {
		t.Errorf("workbook link: %d, %d bytes", resp.StatusCode, len(book))
	}
	for _, m := range z.Messages(chair.ChatID) {
		if n := len([]rune(m.Text)); n > zalotest.MaxText {
			t.Errorf("a Zalo message of %d characters", n)
		}
	}
	say(member, "/trangthai") // the member last writes from Zalo
	waitZalo(t, z, "the status", func() bool { return strings.Contains(zaloTexts(z, member.ChatID), "hạn nộp") })
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}

	tgBefore := len(tg.Messages(8802))
	thursday9 := runningFrom(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).Add(-7 * time.Hour)) // after the 08:00 reminder
	run = startRunAt(thursday9, args...)
	waitZalo(t, z, "the reminder on Zalo", func() bool { return strings.Contains(zaloTexts(z, member.ChatID), "Kính gửi") })
	time.Sleep(200 * time.Millisecond) // let a wrong second copy show itself
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	if n := strings.Count(zaloTexts(z, member.ChatID), "Kính gửi"); n != 1 {
		t.Errorf("%d reminders on Zalo, want 1", n)
	}
	if n := len(tg.Messages(8802)); n != tgBefore {
		t.Errorf("%d messages on Telegram after the restart, want none (the member last wrote on Zalo)", n-tgBefore)
	}
	if strings.Contains(run.stderr.String(), zaloToken) || strings.Contains(run.stderr.String(), serveToken) {
		t.Error("a token in the logs")
	}
}

// TestRunPublicURLFlags: --public-url needs the HTTP server, and must be a
// root address (the routes are served at the root).
func TestRunPublicURLFlags(t *testing.T) {
	t.Setenv("TELEGRAM_BOT_TOKEN", "1:x")
	for _, args := range [][]string{
		{"run", "--config", "x.yaml", "--public-url", "https://bot.example.vn"},
		{"run", "--config", "x.yaml", "--listen", ":0", "--public-url", "https://bot.example.vn/bot"},
		{"run", "--config", "x.yaml", "--listen", ":0", "--public-url", "bot.example.vn"},
	} {
		if _, errOut, code := runCmd(t, "", args...); code == 0 || !strings.Contains(errOut, "--public-url") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
