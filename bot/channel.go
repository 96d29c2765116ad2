package bot

import (
	"context"
	"fmt"
	"time"
)

// Channel delivers outgoing messages on one platform. Adapters implement it.
type Channel interface {
	// Name is the channel's name in ChatRef.Channel ("console", "telegram").
	Name() string
	// Send delivers one message. A *SendError says whether to retry.
	Send(ctx context.Context, out *Outgoing) error
}

// SendError classifies a failed delivery for the Sender.
type SendError struct {
	// Permanent failures (bot blocked, chat not found) go to the dead letters.
	Permanent bool
	// RetryAfter, when set, is how long the platform asked us to wait.
	RetryAfter time.Duration
	// Global says the wait applies to every chat, not only this one.
	Global bool
	// Unreachable says the recipient cannot be reached at all (bot blocked,
	// chat gone), not just this message refused: the member is marked.
	Unreachable bool
	Err         error
}

func (e *SendError) Error() string {
	if e.Permanent {
		return fmt.Sprintf("send: permanent: %v", e.Err)
	}
	return fmt.Sprintf("send: temporary (retry after %s): %v", e.RetryAfter, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }
