package zalo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"fieldbot/bot/platform"
	"fieldbot/bot/zalo/zalotest"
)

// testToken holds characters a URL escapes, so both spellings are checked.
const testToken = "2000000000000000001:TEST-secret_do not+leak"

// quiet is a logger that drops everything (tests read outcomes, not logs).
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newAPI starts a fake and dials it.
func newAPI(t testing.TB) (*zalotest.Server, *API) {
	t.Helper()
	fake := zalotest.New(testToken)
	t.Cleanup(fake.Close)
	api, err := Dial(context.Background(), testToken, fake.URL(), fake.Client())
	if err != nil {
		t.Fatal(err)
	}
	return fake, api
}

// leaks reports whether s holds the token in any spelling.
func leaks(s string) bool {
	for _, t := range []string{testToken, url.PathEscape(testToken), url.QueryEscape(testToken), "TEST-secret"} {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

func TestDialKeepsTheBot(t *testing.T) {
	fake, api := newAPI(t)
	if self := api.Self(); self.ID != fake.Bot().ID || self.ID != "2000000000000000001" || self.Name != "Fieldbot" {
		t.Errorf("Self() = %+v", self)
	}
	_, err := Dial(context.Background(), "2000000000000000001:wrong", fake.URL(), fake.Client())
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 401 {
		t.Errorf("wrong token: %v, want an APIError 401 (the fake answers ok:false with HTTP 200)", err)
	}
}

func TestOKFalseWithHTTP200IsAnError(t *testing.T) {
	fake, api := newAPI(t)
	fake.Fail("sendMessage", 1, zalotest.Refuse(400, "Bad request: something"))
	u := fake.NewUser("An")
	err := api.SendMessage(context.Background(), u.ChatID, "xin chào")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 400 || ae.Method != "sendMessage" || !strings.Contains(ae.Description, "something") {
		t.Fatalf("got %v, want the refusal with its code", err)
	}
	if err := api.SendMessage(context.Background(), u.ID, "xin chào"); !errors.As(err, &ae) || ae.Code != 400 {
		t.Errorf("sending to a user id (not a chat id): %v, want refused", err)
	}
	if err := api.SendMessage(context.Background(), u.ChatID, "xin chào"); err != nil {
		t.Errorf("sending to the chat id: %v", err)
	}
	// A body that is not JSON under HTTP 200 is an error, not success.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<html>")) }))
	defer srv.Close()
	bad := &API{base: srv.URL, token: testToken, client: srv.Client()}
	if err := bad.SendMessage(context.Background(), "c", "x"); err == nil || leaks(err.Error()) {
		t.Errorf("unreadable answer: %v", err)
	}
}

func TestEmptyPollAndShapes(t *testing.T) {
	fake, api := newAPI(t)
	start := time.Now()
	evs, err := api.GetUpdates(context.Background(), time.Second)
	if err != nil || len(evs) != 0 {
		t.Fatalf("empty poll: %v, %v; want none and no error", evs, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("the empty poll returned after %s, want about its timeout", d)
	}
	if c := fake.Calls("getUpdates")[0]; c.Params["timeout"] != "1" || c.Code != 408 {
		t.Errorf("poll %+v, want timeout \"1\" (a string) answered 408", c)
	}
	u := fake.NewUser("An")
	fake.Text(u, "1")
	fake.Text(u, "2")
	evs, err = api.GetUpdates(context.Background(), time.Second)
	if err != nil || len(evs) != 1 || evs[0].Message.Text != "1" {
		t.Fatalf("one event per poll: %+v, %v", evs, err)
	}
	fake.ListResults(true)
	fake.Text(u, "3")
	evs, err = api.GetUpdates(context.Background(), time.Second)
	if err != nil || len(evs) != 2 || evs[0].Message.Text != "2" || evs[1].Message.Text != "3" {
		t.Fatalf("a list: %+v, %v", evs, err)
	}
	if err := api.SetWebhook(context.Background(), "https://bot.example.vn/zalo", "short"); err == nil {
		t.Error("a secret of 5 characters was accepted")
	}
	if err := api.SetWebhook(context.Background(), "https://bot.example.vn/zalo", "long-enough-secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetUpdates(context.Background(), time.Second); err == nil {
		t.Error("getUpdates worked while a webhook is set")
	}
	if err := api.DeleteWebhook(context.Background()); err != nil || fake.CurrentWebhook().URL != "" {
		t.Errorf("delete webhook: %v, %+v", err, fake.CurrentWebhook())
	}
}

// TestTokenNeverShown runs every method into every failure there is and
// captures the errors and everything logged: the token appears nowhere.
func TestTokenNeverShown(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fake, api := newAPI(t)
	u := fake.NewUser("An")
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
			log.Warn("call failed", "err", err)
		}
	}
	// Refusals echoing the URL, an HTML page, a hang cut by a deadline.
	fake.Hook(func(c zalotest.Call) *zalotest.Fault {
		switch c.Params["text"] {
		case "echo":
			return zalotest.Refuse(400, "bad url /bot"+testToken+"/sendMessage /bot"+url.PathEscape(testToken))
		case "html":
			return zalotest.BadGateway()
		case "hang":
			return zalotest.Hang()
		}
		return nil
	})
	for _, text := range []string{"echo", "html", "hang"} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := api.SendMessage(ctx, u.ChatID, text)
		cancel()
		if text == "hang" && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a hung call: %v, want it to say the deadline passed", err)
		}
		collect(err)
		collect(classify("send message", err))
	}
	// Network failures: a closed server, a URL the token makes unparsable.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, token := range []string{testToken, "1:bad%zz token"} {
		_, err := Dial(context.Background(), token, closed.URL, nil)
		if err == nil {
			t.Fatal("dialled a closed server")
		}
		if token != testToken && strings.Contains(err.Error(), "bad%zz") {
			t.Errorf("token shown: %v", err)
		}
		collect(err)
	}
	dead := &API{base: closed.URL, token: testToken, client: http.DefaultClient}
	_, err := dead.GetUpdates(context.Background(), time.Second)
	collect(err)
	collect(dead.SendPhoto(context.Background(), "c", "https://x/y.png", ""))
	collect(dead.SetWebhook(context.Background(), "https://x", "12345678"))
	collect(dead.DeleteWebhook(context.Background()))
	_, err = dead.Download(context.Background(), closed.URL+"/bot"+testToken+"/photo.jpg", 0)
	collect(err)
	// The poller logging its failures.
	p := &Poller{API: dead, Handler: nil, Log: log, Timeout: time.Second, Backoff: func(int) time.Duration { return time.Millisecond }}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_ = p.Run(ctx)
	cancel()
	if len(errs) < 10 {
		t.Fatalf("only %d errors collected", len(errs))
	}
	for _, err := range errs {
		if leaks(err.Error()) {
			t.Errorf("token in error: %v", err)
		}
	}
	if leaks(logs.String()) {
		t.Errorf("token in logs:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), platform.TokenMask) {
		t.Errorf("the logs never show the mask; were the errors the ones with URLs?\n%s", logs.String())
	}
}

func TestDownload(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 100))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a.png":
			_, _ = w.Write(png)
		case "/big.png":
			_, _ = w.Write(append(png, make([]byte, 2000)...))
		case "/page":
			_, _ = w.Write([]byte("<html>not an image</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	_, api := newAPI(t)
	if data, err := api.Download(context.Background(), srv.URL+"/a.png", 0); err != nil || !bytes.Equal(data, png) {
		t.Errorf("download: %d bytes, %v", len(data), err)
	}
	if _, err := api.Download(context.Background(), srv.URL+"/big.png", 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	for _, path := range []string{"/page", "/gone"} {
		if _, err := api.Download(context.Background(), srv.URL+path, 0); err == nil {
			t.Errorf("%s downloaded", path)
		}
	}
	if _, err := api.Download(context.Background(), "http://127.0.0.1:1/secret-photo-path.jpg", 0); err == nil ||
		strings.Contains(err.Error(), "secret-photo-path") {
		t.Errorf("a failed download shows the photo's address: %v", err)
	}
}
