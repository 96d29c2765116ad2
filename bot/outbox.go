package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
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
	Err        error
}

func (e *SendError) Error() string {
	if e.Permanent {
		return fmt.Sprintf("send: permanent: %v", e.Err)
	}
	return fmt.Sprintf("send: temporary (retry after %s): %v", e.RetryAfter, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }

// Sender drains one channel's outbox: messages to a chat go out in order; a
// temporary failure holds back that chat's later messages until the backoff
// passes; a permanent one moves the message to the dead letters.
type Sender struct {
	Store   Store
	Channel Channel
	Clock   Clock
	Log     *slog.Logger
	// Backoff is the wait before retry n (1, 2, ...); default doubles from 1 s
	// up to 5 min.
	Backoff func(attempt int) time.Duration

	mu sync.Mutex // one Flush at a time, so no message is sent twice
}

// Flush sends every pending message that is due and returns how many went
// out. Messages held back by a backoff stay in the outbox for a later Flush.
func (s *Sender) Flush(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var pending []Outgoing
	name := s.Channel.Name()
	if err := s.Store.View(ctx, func(tx Tx) error {
		var err error
		pending, err = tx.Outbox(name, 0)
		return err
	}); err != nil {
		return 0, fmt.Errorf("bot: read outbox: %w", err)
	}
	held := map[string]bool{} // chats whose earlier message is waiting
	sent := 0
	for i := range pending {
		out := &pending[i]
		if held[out.Chat.Key()] || out.NotBefore.After(s.now()) {
			held[out.Chat.Key()] = true
			continue
		}
		err := s.Channel.Send(ctx, out)
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if err := s.settle(ctx, out, err); err != nil {
			return sent, err
		}
		if err == nil {
			sent++
		} else {
			held[out.Chat.Key()] = true
		}
	}
	return sent, nil
}

// settle records the outcome of one delivery.
func (s *Sender) settle(ctx context.Context, out *Outgoing, sendErr error) error {
	return s.Store.Update(ctx, func(tx Tx) error {
		if sendErr == nil {
			return tx.Ack(out.ID)
		}
		var se *SendError
		if errors.As(sendErr, &se) && se.Permanent {
			s.logger().Warn("message refused for good", "chat", out.Chat.Key(), "err", sendErr)
			return tx.DeadLetter(out.ID, sendErr.Error(), s.now())
		}
		out.Attempts++
		wait := s.backoff(out.Attempts)
		if se != nil && se.RetryAfter > wait {
			wait = se.RetryAfter
		}
		out.NotBefore = s.now().Add(wait)
		s.logger().Info("delivery failed, will retry", "chat", out.Chat.Key(), "attempt", out.Attempts, "wait", wait, "err", sendErr)
		return tx.UpdateOutbox(out)
	})
}

func (s *Sender) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func (s *Sender) logger() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

func (s *Sender) backoff(n int) time.Duration {
	if s.Backoff != nil {
		return s.Backoff(n)
	}
	d := time.Second << min(n-1, 9)
	return min(d, 5*time.Minute)
}
