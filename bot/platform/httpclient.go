package platform

import (
	"net"
	"net/http"
	"time"
)

// IdleConns is how many idle connections to a platform's API HTTPClient keeps:
// enough for the Sender's workers (8 in `fieldbot run`) and the poller with
// room to spare. Go's default keeps 2 per host, so a pass of 8 sends would
// close 6 connections and open (with TLS) 6 new ones for the next.
const IdleConns = 16

// The transport's own bounds, for the steps of a call before an answer
// starts: a long poll waits for its answer, so that wait is bounded by the
// call's context (every method has a deadline), not here.
const (
	dialTimeout      = 10 * time.Second
	handshakeTimeout = 10 * time.Second
	idleTimeout      = 90 * time.Second
)

// HTTPClient returns a copy of base (nil: a new client on
// http.DefaultTransport's settings) whose transport keeps at most IdleConns
// idle connections per host and in all, closes them after 90 s unused, and
// gives up on a TLS handshake not done in 10 s or (when base does not dial
// its own way) a connection not made in 10 s. A base whose transport is
// not an *http.Transport is returned as it is.
func HTTPClient(base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	rt := c.Transport
	ownDial := rt == nil // Go's default dials with a 30 s timeout: ours is shorter
	if rt == nil {
		rt = http.DefaultTransport
	}
	t, ok := rt.(*http.Transport)
	if !ok {
		return c
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = IdleConns
	t.MaxIdleConns = IdleConns
	t.IdleConnTimeout = idleTimeout
	t.TLSHandshakeTimeout = handshakeTimeout
	if ownDial || t.DialContext == nil {
		t.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	}
	c.Transport = t
	return c
}
