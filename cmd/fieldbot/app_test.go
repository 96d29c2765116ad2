package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot/config"
	"fieldbot/bot/console"
	"fieldbot/bot/telegram"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/store"
)

// answer is what the server answered a request.
type answer struct {
	status int
	body   string
	header http.Header
}

// request sends one request, retrying while the server is starting.
func request(t *testing.T, method, url, secret, body string) answer {
	t.Helper()
	for range 200 {
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if secret != "" {
			req.Header.Set(telegram.SecretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return answer{resp.StatusCode, string(b), resp.Header}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("cannot reach %s", url)
	return answer{}
}

// mustReopen fails unless the command closed the database at exit.
func mustReopen(t *testing.T, dbPath string) {
	t.Helper()
	db, err := store.Open(dbPath, store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("database not closed at exit: %v", err)
	}
	db.Close()
}

// TestRunListenServesHealthAndPolls: --listen without --webhook-url runs the
// HTTP server for /healthz while Telegram is long-polled.
func TestRunListenServesHealthAndPolls(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	addr := freeAddr(t)
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--listen", addr)
	if got := request(t, http.MethodGet, "http://"+addr+"/healthz", "", ""); got.status != http.StatusOK || got.body != "ok" {
		t.Errorf("/healthz: %d %q", got.status, got.body)
	}
	binh := telegramtest.User{ID: 8803, FirstName: "Bình", LanguageCode: "vi"}
	fake.Text(binh, "/start "+code)
	waitFake(t, fake, "the welcome", func() bool { return strings.Contains(lastText(fake, binh.ID), "Hoàng Thị Bình") })
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	if fake.CurrentWebhook().URL != "" || len(fake.Calls("deleteWebhook")) != 1 {
		t.Error("long polling must delete the webhook, not set one")
	}
	if logs := run.stderr.String(); strings.Contains(logs, serveToken) {
		t.Errorf("token in the logs:\n%s", logs)
	}
	mustReopen(t, dbPath)
}

// TestRunWebhookOnSharedServer: the webhook and /healthz share the one
// server; a posted update is handled and answered through the fake; a body
// over the webhook's limit gets 413; the path is in no log line.
func TestRunWebhookOnSharedServer(t *testing.T) {
	fake, cfgPath, dbPath, code := serveSetup(t)
	t.Setenv("TELEGRAM_BOT_TOKEN", serveToken)
	t.Setenv(webhookSecretEnv, "hook-secret_456")
	addr := freeAddr(t)
	hookURL := "http://" + addr + "/tg/" + serveToken // some put the token in the path
	run := startRun("run", "--config", cfgPath, "--db", dbPath, "--listen", addr, "--webhook-url", hookURL, "-v")
	waitFake(t, fake, "setWebhook", func() bool { return fake.CurrentWebhook().URL == hookURL })
	if got := request(t, http.MethodGet, "http://"+addr+"/healthz", "", ""); got.status != http.StatusOK || got.body != "ok" {
		t.Errorf("/healthz: %d %q", got.status, got.body)
	}
	body := `{"update_id":7,"message":{"message_id":1,"from":{"id":8804,"is_bot":false,"first_name":"Bình"},"chat":{"id":8804,"type":"private"},"date":1600221600,"text":"/start ` + code + `"}}`
	if got := request(t, http.MethodPost, hookURL, "hook-secret_456", body); got.status != http.StatusOK {
		t.Fatalf("update post: %d\n%s", got.status, run.stderr)
	}
	waitFake(t, fake, "the welcome", func() bool { return strings.Contains(lastText(fake, 8804), "Hoàng Thị Bình") })
	huge := `{"update_id":8,"pad":"` + strings.Repeat("x", telegram.MaxWebhookBody) + `"}`
	if got := request(t, http.MethodPost, hookURL, "hook-secret_456", huge); got.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized update: %d, want 413", got.status)
	}
	if got := request(t, http.MethodPost, hookURL+"/more", "hook-secret_456", body); got.status != http.StatusNotFound {
		t.Errorf("below the webhook path: %d, want 404", got.status)
	}
	if code := run.stop(t); code != 0 {
		t.Fatalf("exit %d:\n%s", code, run.stderr)
	}
	if len(fake.Calls("getUpdates")) != 0 {
		t.Error("polled in webhook mode")
	}
	if logs := run.stderr.String(); strings.Contains(logs, serveToken) || strings.Contains(logs, "/tg/") {
		t.Errorf("token or webhook path in the logs:\n%s", logs)
	}
	mustReopen(t, dbPath)
}

func TestRunListenFlags(t *testing.T) {
	t.Setenv("TELEGRAM_BOT_TOKEN", "1:x")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"webhook without an address", []string{"--webhook-url", "https://bot.example.vn/tg"}, "--listen"},
		{"two addresses", []string{"--listen", ":1", "--webhook-listen", ":2", "--webhook-url", "https://bot.example.vn/tg"}, "--webhook-listen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := runCmd(t, "", append([]string{"run", "--config", "x.yaml"}, c.args...)...)
			if code == 0 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q: want a refusal naming %s", code, errOut, c.want)
			}
		})
	}
}

// blocker is a webhook that holds each request until released.
type blocker struct {
	entered chan struct{}
	release chan struct{}
}

func (b *blocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.entered <- struct{}{}
	<-b.release
	w.WriteHeader(http.StatusOK)
}

// TestAppCapsRequestsAndBodies: with the cap at one request, a second
// gets 503 with Retry-After while the first is held, and the health probe
// still answers; a body over the
// server's limit gets 413 on a handler without a limit of its own; the
// context's end stops the app, which then closes the database.
func TestAppCapsRequestsAndBodies(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "bot.db")
	addr := freeAddr(t)
	limits := defaultLimits
	limits.MaxInFlight = 1
	b := &blocker{entered: make(chan struct{}), release: make(chan struct{})}
	spec := channelSpec{Name: console.Name, Send: sendSettings{Channel: &console.Console{Out: io.Discard}},
		Webhook: &webhookSpec{Path: "/block", Handler: func(intake) http.Handler { return b }}}
	a, err := newApp(config.Demo(), appOptions{DB: dbPath, Clock: frozen, Log: slog.New(slog.DiscardHandler), Listen: addr, Limits: limits, Channels: []channelSpec{spec}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx) }()

	if got := request(t, http.MethodGet, "http://"+addr+"/healthz", "", strings.Repeat("x", int(limits.MaxBody)+1)); got.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body to /healthz: %d, want 413", got.status)
	}
	held := make(chan answer, 1)
	go func() { held <- request(t, http.MethodPost, "http://"+addr+"/block", "", "") }()
	<-b.entered
	got := request(t, http.MethodPost, "http://"+addr+"/block", "", "")
	if got.status != http.StatusServiceUnavailable || got.header.Get("Retry-After") == "" {
		t.Errorf("while full: %d, Retry-After %q; want 503 with Retry-After", got.status, got.header.Get("Retry-After"))
	}
	if got := request(t, http.MethodGet, "http://"+addr+"/healthz", "", ""); got.status != http.StatusOK {
		t.Errorf("/healthz while the webhook is full: %d, want 200 (busy is not dead)", got.status)
	}
	close(b.release)
	if got := <-held; got.status != http.StatusOK {
		t.Errorf("held request: %d", got.status)
	}
	if got := request(t, http.MethodGet, "http://"+addr+"/healthz", "", ""); got.status != http.StatusOK {
		t.Errorf("after the release: %d", got.status)
	}

	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(2 * shutdownDeadline):
		t.Fatal("Run did not stop")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	mustReopen(t, dbPath)
}

// TestAppRefusesUnservedWebhook: a channel with a webhook and an app
// without an address would take in nothing; Run says so instead.
func TestAppRefusesUnservedWebhook(t *testing.T) {
	spec := channelSpec{Name: console.Name, Send: sendSettings{Channel: &console.Console{Out: io.Discard}},
		Webhook: &webhookSpec{Path: "/hook", Handler: func(intake) http.Handler { return http.NotFoundHandler() }}}
	a, err := newApp(config.Demo(), appOptions{DB: filepath.Join(t.TempDir(), "bot.db"), Clock: frozen,
		Log: slog.New(slog.DiscardHandler), Channels: []channelSpec{spec}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "webhook") {
		t.Errorf("Run: %v, want a refusal about the webhook", err)
	}
}

// TestAppRefusesSharedWebhookPath: two channels on one path is a refusal
// that does not show the path (it may hold a token).
func TestAppRefusesSharedWebhookPath(t *testing.T) {
	hook := &webhookSpec{Path: "/hook/" + serveToken, Handler: func(intake) http.Handler { return http.NotFoundHandler() }}
	spec := channelSpec{Name: console.Name, Send: sendSettings{Channel: &console.Console{Out: io.Discard}}, Webhook: hook}
	a, err := newApp(config.Demo(), appOptions{DB: filepath.Join(t.TempDir(), "bot.db"), Clock: frozen,
		Log: slog.New(slog.DiscardHandler), Listen: freeAddr(t), Channels: []channelSpec{spec, spec}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = a.Run(context.Background())
	if err == nil || strings.Contains(err.Error(), serveToken) {
		t.Errorf("Run: %v, want a refusal without the path", err)
	}
}
