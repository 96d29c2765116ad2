package platform

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	mrand "math/rand/v2"
	"time"
)

// Backoff is the wait after the nth failure in a row: doubling from about
// 1 s up to about 1 min, each drawn between half and all of that, so that
// clients failing together do not retry together.
func Backoff(n int) time.Duration {
	d := min(time.Second<<min(max(n, 1)-1, 6), time.Minute)
	return d/2 + mrand.N(d/2+1)
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// NewSecret makes a random webhook secret: 43 characters of A–Z, a–z, 0–9,
// "-" and "_" (Telegram and Zalo both take them).
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
