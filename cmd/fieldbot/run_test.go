package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/telegram"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/i18n"
	"fieldbot/store"
)

const serveToken = "987654:SERVE-test_token"

// lockedBuffer is a buffer the command's logger and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// running is fieldbot run in the background.
type running struct {
	stderr *lockedBuffer
	cancel context.CancelFunc
	code   chan int
}

// startRun runs the real command line until stop.
func startRun(args ...string) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stderr: &lockedBuffer{}, cancel: cancel, code: make(chan int, 1)}
	// The clock starts at frozen's instant and runs: the Sender's rate
	// limiter keeps one message a second per chat on it.
	start, began := frozen.Now(), time.Now()
	running := bot.ClockFunc(func() time.Time { return start.Add(time.Since(began)) })
	e := &env{stdin: strings.NewReader(""), stdout: &lockedBuffer{}, stderr: r.stderr, p: i18n.For(i18n.VI), clock: running}
	go func() { r.code <- e.run(ctx, args) }()
	return r
}

// stop sends the "signal" and returns the exit code.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.code:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("fieldbot run did not stop")
		return -1
	}
}

// serveSetup makes a config file, a database with an invite for a demo
// member, and a fake Bot API the command is pointed at.
func serveSetup(t *testing.T) (fake *telegramtest.Server, cfgPath, dbPath, code string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath, dbPath = filepath.Join(dir, "district.yaml"), filepath.Join(dir, "bot.db")
	if err := os.WriteFile(cfgPath, config.DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := bot.New(bot.Options{Config: config.Demo(), Store: db, Clock: frozen}).Invite(context.Background(), "hoang-thi-binh")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	fake = telegramtest.New(serveToken)
	t.Cleanup(fake.Close)
	t.Setenv("TELEGRAM_BOT_TOKEN", "")
	t.Setenv(apiEnv, fake.Endpoint())
	return fake, cfgPath, dbPath, inv.Display()
}

// waitFake waits for cond on the fake.
func waitFake(t *testing.T, fake *telegramtest.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func lastText(fake *telegramtest.Server, chat int64) string {
	ms := fake.Messages(chat)
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1].Text
}

func TestRunRefusesToStartWithoutToken(t *testing.T) {
	t.Setenv("TELEGRAM_BOT_TOKEN", "")
	_, errOut, code := runCmd(t, "", "run", "--config", "district.yaml")
	if code == 0 || !strings.Contains(errOut, "TELEGRAM_BOT_TOKEN") || !strings.Contains(errOut, "--token-file") {
		t.Errorf("exit %d, stderr %q: want a refusal saying how to give a token", code, errOut)
	}
	empty := filepath.Join(t.TempDir(), "token")
	os.WriteFile(empty, []byte(" \n"), 0o600)
	if _, errOut, code := runCmd(t, "", "run", "--config", "x.yaml", "--token-file", empty); code == 0 || !strings.Contains(errOut, "trống") {
		t.Errorf("empty token file: exit %d, %q", code, errOut)
	}
	t.Setenv("TELEGRAM_BOT_TOKEN", "1:x")
	if _, errOut, code := runCmd(t, "", "run", "--config", "x.yaml", "--webhook-listen", ":0"); code == 0 || !strings.Contains(errOut, "--webhook-url") {
		t.Errorf("half a webhook: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runCmd(t, "", "run", "--config", "x.yaml", "--telegram-api", "http://x/bot%s"); code == 0 || !strings.Contains(errOut, "%s") {
		t.Errorf("bad API format: exit %d, %q", code, errOut)
	}
}

// TestRunLongPolls: a member registers with an invite code and starts a
// report; on the signal the command stops cleanly and closes the database.
func TestRunLongPolls(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("  "+serveToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--token-file", tokenFile, "-v")
	binh := telegramtest.User{ID: 8801, FirstName: "Bình", LanguageCode: "vi"}
	fake.Text(binh, "/start "+code)
	waitFake(t, fake, "the welcome", func() bool { return strings.Contains(lastText(fake, binh.ID), "Hoàng Thị Bình") })
	fake.Text(binh, "/baocao")
	waitFake(t, fake, "the unit menu", func() bool { return strings.Contains(lastText(fake, binh.ID), "Chọn đơn vị") })
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	for _, lang := range []string{"vi", "en", ""} {
		if len(fake.Commands(lang)) == 0 {
			t.Errorf("no command menu for language %q", lang)
		}
	}
	if len(fake.Calls("deleteWebhook")) != 1 {
		t.Error("polling started without deleting the webhook")
	}
	logs := run.stderr.String()
	if strings.Contains(logs, serveToken) || strings.Contains(logs, "SERVE-test") {
		t.Errorf("token in the logs:\n%s", logs)
	}
	db, err := store.Open(dbPath, store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("database not closed at exit: %v", err)
	}
	db.Close()
}

// TestRunWebhook: the command sets the webhook with its secret and answers
// Telegram's posts; a post without the secret is refused.
func TestRunWebhook(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	t.Setenv(webhookSecretEnv, "hook-secret_123")
	addr := freeAddr(t)
	hookURL := "http://" + addr + "/telegram/hook"
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--webhook-listen", addr, "--webhook-url", hookURL)
	waitFake(t, fake, "setWebhook", func() bool { return fake.CurrentWebhook().URL == hookURL })
	if s := fake.CurrentWebhook().Secret; s != "hook-secret_123" {
		t.Errorf("secret_token %q", s)
	}
	body := `{"update_id":5,"message":{"message_id":1,"from":{"id":8802,"is_bot":false,"first_name":"Bình"},"chat":{"id":8802,"type":"private"},"date":1600221600,"text":"/start ` + code + `"}}`
	if got := post(t, hookURL, "wrong", body); got != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d", got)
	}
	if got := post(t, hookURL, "hook-secret_123", body); got != http.StatusOK {
		t.Fatalf("good post: %d\n%s", got, run.stderr)
	}
	waitFake(t, fake, "the welcome", func() bool { return strings.Contains(lastText(fake, 8802), "Hoàng Thị Bình") })
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	if len(fake.Calls("getUpdates")) != 0 {
		t.Error("polled in webhook mode")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// post sends a webhook post, retrying while the server is starting.
func post(t *testing.T, url, secret, body string) int {
	t.Helper()
	for range 200 {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set(telegram.SecretHeader, secret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return resp.StatusCode
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("cannot post to %s", url)
	return 0
}
