package telegram

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestHTTPClientKeepsConnectionsForEveryWorker: rounds of 8 requests at
// once (a pass of the Sender's workers) open 8 connections once, then
// reuse them; Go's default client would open 6 new ones every round.
func TestHTTPClientKeepsConnectionsForEveryWorker(t *testing.T) {
	var opened atomic.Int64
	release := make(chan struct{})
	var arrived sync.WaitGroup
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		<-release
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	rounds := func(c *http.Client) int64 {
		defer c.CloseIdleConnections()
		opened.Store(0)
		for range 3 {
			arrived.Add(8)
			var done sync.WaitGroup
			for range 8 {
				done.Go(func() {
					resp, err := c.Get(srv.URL)
					if err != nil {
						t.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				})
			}
			arrived.Wait() // all 8 under way at once
			close(release)
			done.Wait()
			release = make(chan struct{})
			time.Sleep(10 * time.Millisecond) // the connections go back to the pool
		}
		return opened.Load()
	}
	if n := rounds(srv.Client()); n < 8+2*6 {
		t.Fatalf("Go's default client opened %d connections for 3 rounds of 8, want at least 20: the test cannot tell", n)
	}
	if n := rounds(HTTPClient(srv.Client())); n > 8 {
		t.Errorf("HTTPClient opened %d connections for 3 rounds of 8, want 8", n)
	}
}
