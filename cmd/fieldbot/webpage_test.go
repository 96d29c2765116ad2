package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/console"
)

// TestAppServesOfficePage: with a public URL the app's one server serves
// the office's page: refused without a session, a /web link signs the
// chair in (the cookie Secure, the public URL being HTTPS), and the page
// comes with its policy. Without a public URL there is no page.
func TestAppServesOfficePage(t *testing.T) {
	const public = "https://bot.example.vn"
	for _, pub := range []string{public, ""} {
		// The catch-up at start sends the last digest: its files go to a temporary folder.
		spec := channelSpec{Name: console.Name, Send: sendSettings{Channel: &console.Console{Out: io.Discard, Files: t.TempDir()}}}
		addr := freeAddr(t)
		a, err := newApp(config.Demo(), appOptions{DB: filepath.Join(t.TempDir(), "bot.db"), Clock: frozen,
			Log: slog.New(slog.DiscardHandler), Listen: addr, Channels: []channelSpec{spec}, PublicURL: pub})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		const chair = "ha-duc-thang"
		c := bot.ChatRef{Channel: console.Name, ChatID: chair}
		if err := a.eng.Bind(ctx, console.Name, chair, chair); err != nil {
			t.Fatal(err)
		}
		if err := a.eng.Handle(ctx, []bot.Update{{Chat: c, UserID: chair, Text: "/web", At: frozen.Now()}}); err != nil {
			t.Fatal(err)
		}
		var reply string
		if err := a.db.View(ctx, func(tx bot.Tx) error {
			out, err := tx.ChatOutbox(c, 0)
			if len(out) > 0 {
				reply = out[len(out)-1].Text
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		ran := make(chan error, 1)
		go func() { ran <- a.Run(ctx) }()
		base := "http://" + addr
		got := request(t, http.MethodGet, base+"/web/", "", "")
		if pub == "" {
			if got.status != http.StatusNotFound {
				t.Errorf("without a public URL, /web/ = %d, want 404", got.status)
			}
		} else {
			if got.status != http.StatusUnauthorized || !strings.Contains(got.header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("/web/ without a session = %d, CSP %q", got.status, got.header.Get("Content-Security-Policy"))
			}
			m := regexp.MustCompile(regexp.QuoteMeta(public) + `/web/login\?t=(\S+)`).FindStringSubmatch(reply)
			if m == nil {
				t.Fatalf("/web answered %q", reply)
			}
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
			resp, err := client.PostForm(base+"/web/login", url.Values{"t": {m[1]}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			ck := resp.Cookies()
			if resp.StatusCode != http.StatusSeeOther || len(ck) != 1 || !ck[0].Secure || !ck[0].HttpOnly {
				t.Fatalf("sign-in = %d, cookies %+v", resp.StatusCode, ck)
			}
			req, _ := http.NewRequest(http.MethodGet, base+"/web/", nil)
			req.AddCookie(ck[0])
			resp, err = client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="units"`) || !strings.Contains(string(body), `id="chart"`) {
				t.Errorf("signed in, /web/ = %d:\n%.400s", resp.StatusCode, body)
			}
		}
		cancel()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
