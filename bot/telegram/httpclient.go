package telegram

import "net/http"

// IdleConns is how many idle connections to the Bot API HTTPClient keeps:
// enough for the Sender's workers (8 in `fieldbot run`) and the poller with
// room to spare. Go's default keeps 2 per host, so a pass of 8 sends would
// close 6 connections and open (with TLS) 6 new ones for the next.
const IdleConns = 16

// HTTPClient returns a copy of base (nil: a new client on
// http.DefaultTransport's settings) whose transport keeps IdleConns idle
// connections per host. A base whose transport is not an *http.Transport
// is returned as it is.
func HTTPClient(base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	rt := c.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	t, ok := rt.(*http.Transport)
	if !ok {
		return c
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = max(t.MaxIdleConnsPerHost, IdleConns)
	if t.MaxIdleConns > 0 {
		t.MaxIdleConns = max(t.MaxIdleConns, IdleConns)
	}
	c.Transport = t
	return c
}
