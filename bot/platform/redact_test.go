package platform

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"
)

const secretToken = "123456789:AAH-secret_token-ABCdef"

func TestRedactURLError(t *testing.T) {
	inner := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	err := &url.Error{Op: "Post", URL: "https://api.telegram.org/bot" + secretToken + "/getUpdates", Err: inner}
	got := Redact(fmt.Errorf("wrapped: %w", err), secretToken)
	if strings.Contains(got.Error(), secretToken) || strings.Contains(got.Error(), "AAH-secret") {
		t.Fatalf("token in %q", got)
	}
	got = Redact(err, secretToken)
	var ue *url.Error
	if !errors.As(got, &ue) || !strings.Contains(ue.URL, "/bot<token>/getUpdates") {
		t.Fatalf("redacted %v, want a url.Error with the token masked", got)
	}
	if strings.Contains(fmt.Sprintf("%+v %#v", got, got), secretToken) {
		t.Error("token still reachable through formatting")
	}
	for e := got; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), secretToken) {
			t.Errorf("token in the chain: %q", e)
		}
	}
	// An escaped token is masked too; errors without it are left alone.
	esc := &url.Error{Op: "Get", URL: "http://x/bot" + url.PathEscape("12:a/b") + "/m", Err: context.DeadlineExceeded}
	if r := Redact(esc, "12:a/b"); strings.Contains(r.Error(), "12:a") || !errors.Is(r, context.DeadlineExceeded) {
		t.Errorf("escaped token: %v", r)
	}
	plain := errors.New("no secrets here")
	if Redact(plain, secretToken) != plain {
		t.Error("an error without the token was changed")
	}
}

func TestBackoffGrowsWithJitterAndStops(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Second, 3: 4 * time.Second, 7: time.Minute, 50: time.Minute} {
		if d := Backoff(n); d < want/2 || d > want {
			t.Errorf("Backoff(%d) = %s, want between %s and %s", n, d, want/2, want)
		}
	}
}

func TestNewSecret(t *testing.T) {
	a, err1 := NewSecret()
	b, err2 := NewSecret()
	if err1 != nil || err2 != nil || len(a) != 43 || a == b || strings.ContainsAny(a, "+/=") {
		t.Errorf("secrets %q %q (%v %v): want two different 43-character URL-safe strings", a, b, err1, err2)
	}
}
