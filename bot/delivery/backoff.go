package delivery

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait before retry n: doubling from 1 s to 5 min, each
// drawn between half and all of that ("equal jitter"), so chats that failed
// together do not retry together.
func (s *Sender) backoff(n int) time.Duration {
	if s.Backoff != nil {
		return s.Backoff(n)
	}
	d := min(time.Second<<min(n-1, 9), 5*time.Minute)
	return d/2 + rand.N(d/2+1)
}
