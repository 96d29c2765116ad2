package zalo

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connCounter is a Bot API stand-in that counts the connections opened to
// it and holds each sendMessage until release is closed.
type connCounter struct {
	srv     *httptest.Server
	opened  atomic.Int64
	arrived sync.WaitGroup
	release chan struct{}
}

func newConnCounter(t *testing.T) *connCounter {
	t.Helper()
	c := &connCounter{release: make(chan struct{})}
	c.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/sendMessage") {
			c.arrived.Done()
			<-c.release
		}
		_, _ = io.WriteString(w, `{"ok":true,"result":{"id":"1","display_name":"Fieldbot"}}`)
	}))
	c.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			c.opened.Add(1)
		}
	}
	c.srv.Start()
	t.Cleanup(c.srv.Close)
	return c
}

// rounds sends 3 rounds of 8 messages at once (a pass of the Sender's
// workers) through api and returns how many connections were opened.
func (c *connCounter) rounds(t *testing.T, api *API) int64 {
	t.Helper()
	defer api.client.CloseIdleConnections()
	api.client.CloseIdleConnections() // getMe's
	c.opened.Store(0)
	for range 3 {
		c.arrived.Add(8)
		var done sync.WaitGroup
		for range 8 {
			done.Go(func() {
				if err := api.SendMessage(context.Background(), "chat", "hi"); err != nil {
					t.Error(err)
				}
			})
		}
		c.arrived.Wait() // all 8 under way at once
		close(c.release)
		done.Wait() // each answer read to its end: the connection is back in the pool
		c.release = make(chan struct{})
	}
	return c.opened.Load()
}

// TestDialKeepsConnectionsForEveryWorker: with no client given (as
// `fieldbot run` gives HTTPClient(nil)), rounds of 8 sends at once open 8
// connections once, then reuse them; Go's default client would open 6 new
// ones every round.
func TestDialKeepsConnectionsForEveryWorker(t *testing.T) {
	c := newConnCounter(t)
	plain, err := Dial(context.Background(), testToken, c.srv.URL, &http.Client{})
	if err != nil {
		t.Fatal(err)
	}
	if n := c.rounds(t, plain); n < 8+2*6 {
		t.Fatalf("Go's default client opened %d connections for 3 rounds of 8, want at least 20: the test cannot tell", n)
	}
	for name, client := range map[string]*http.Client{"nil": nil, "HTTPClient(nil)": HTTPClient(nil)} {
		api, err := Dial(context.Background(), testToken, c.srv.URL, client)
		if err != nil {
			t.Fatal(err)
		}
		if n := c.rounds(t, api); n > 8 {
			t.Errorf("Dial with a %s client opened %d connections for 3 rounds of 8, want 8", name, n)
		}
	}
}

// TestHTTPClientBounds: the idle pool is bounded, in all as per host, idle
// connections and TLS handshakes time out, and the base is left as it was.
func TestHTTPClientBounds(t *testing.T) {
	base := &http.Client{Transport: &http.Transport{MaxIdleConns: 1000}, Timeout: time.Hour}
	for name, c := range map[string]*http.Client{"nil": HTTPClient(nil), "base": HTTPClient(base)} {
		tr, ok := c.Transport.(*http.Transport)
		if !ok {
			t.Fatalf("%s: transport %T, want an *http.Transport", name, c.Transport)
		}
		if tr.MaxIdleConnsPerHost != IdleConns || tr.MaxIdleConns != IdleConns {
			t.Errorf("%s: %d idle connections per host, %d in all; want %d and %d", name, tr.MaxIdleConnsPerHost, tr.MaxIdleConns, IdleConns, IdleConns)
		}
		if tr.IdleConnTimeout <= 0 || tr.TLSHandshakeTimeout <= 0 || tr.DialContext == nil {
			t.Errorf("%s: idle timeout %v, TLS handshake timeout %v, dialer set %v: want all bounded", name, tr.IdleConnTimeout, tr.TLSHandshakeTimeout, tr.DialContext != nil)
		}
	}
	if HTTPClient(base).Timeout != time.Hour {
		t.Error("the base's own timeout was not kept")
	}
	if bt := base.Transport.(*http.Transport); bt.MaxIdleConns != 1000 || bt.IdleConnTimeout != 0 {
		t.Error("HTTPClient changed the base's transport")
	}
	if http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost == IdleConns {
		t.Error("HTTPClient changed http.DefaultTransport")
	}
}

// deadlines records whether each request's context had a deadline.
type deadlines struct {
	next http.RoundTripper
	mu   sync.Mutex
	got  map[string]time.Time // by method; zero: none
}

func (d *deadlines) RoundTrip(r *http.Request) (*http.Response, error) {
	dl, _ := r.Context().Deadline()
	d.mu.Lock()
	d.got[r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]] = dl
	d.mu.Unlock()
	return d.next.RoundTrip(r)
}

// TestEveryCallHasADeadline: a call made with a context that has no
// deadline gets DefaultCallTimeout; one that has a deadline keeps it.
func TestEveryCallHasADeadline(t *testing.T) {
	c := newConnCounter(t)
	rec := &deadlines{next: c.srv.Client().Transport, got: map[string]time.Time{}}
	api, err := Dial(context.Background(), testToken, c.srv.URL, &http.Client{Transport: rec})
	if err != nil {
		t.Fatal(err)
	}
	if err := api.DeleteWebhook(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"getMe", "deleteWebhook"} {
		if dl := rec.got[m]; dl.IsZero() || time.Until(dl) > DefaultCallTimeout {
			t.Errorf("%s made without a deadline had deadline %v, want one within DefaultCallTimeout", m, dl)
		}
	}
	want := time.Now().Add(time.Hour)
	ctx, cancel := context.WithDeadline(context.Background(), want)
	defer cancel()
	if err := api.SetWebhook(ctx, "https://bot.example.vn/zalo", "secret-123"); err != nil {
		t.Fatal(err)
	}
	if dl := rec.got["setWebhook"]; !dl.Equal(want) {
		t.Errorf("setWebhook with its own deadline had %v, want %v", dl, want)
	}
}
