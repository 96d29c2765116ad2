package delivery

import (
	"errors"
	"fmt"
	"time"

	"fieldbot/bot"
)

// settle records the outcome of one delivery inside tx and reports whether
// the message left the outbox.
func (s *Sender) settle(tx bot.OutboxTx, d delivery, now time.Time) (bool, error) {
	out := d.out
	if d.err == nil {
		return true, ignoreMissing(tx.Ack(out.ID))
	}
	var se *bot.SendError
	isSendErr := errors.As(d.err, &se)
	if isSendErr && se.Permanent() {
		s.logger().Warn("message refused for good", "chat", out.Chat.Key(), "reason", se.Reason, "err", d.err)
		return true, s.deadLetter(tx, out, se.Reason, d.err.Error(), now)
	}
	wait := time.Duration(0)
	if isSendErr && se.RetryAfter > 0 {
		wait = se.RetryAfter // flood control: not the message's fault
	} else {
		out.Attempts++
		if s.MaxAttempts > 0 && out.Attempts >= s.MaxAttempts {
			s.logger().Warn("giving up on message", "chat", out.Chat.Key(), "attempts", out.Attempts, "err", d.err)
			reason := fmt.Sprintf("%d attempts, the last: %v", out.Attempts, d.err)
			return true, s.deadLetter(tx, out, bot.ReasonGaveUp, reason, now)
		}
		wait = s.backoff(out.Attempts)
		if isSendErr && se.Reason == bot.ReasonTimedOut {
			wait = max(wait, s.timeoutWait()) // let a late first copy land before a second
		}
	}
	out.NotBefore = now.Add(wait)
	s.logger().Info("delivery failed, will retry", "chat", out.Chat.Key(), "attempt", out.Attempts, "wait", wait, "err", d.err)
	return false, ignoreMissing(tx.UpdateOutbox(out))
}

// deadLetter moves out to the dead letters; when the cause means the
// account cannot be reached at all, it also marks that account (on this
// channel only: the member may still be reached on another), so admins see
// who no longer gets messages.
func (s *Sender) deadLetter(tx bot.OutboxTx, out *bot.Outgoing, cause bot.Reason, reason string, now time.Time) error {
	if err := ignoreMissing(tx.DeadLetter(out.ID, cause, reason, now)); err != nil {
		return err
	}
	if !cause.Unreachable() {
		return nil
	}
	// A reply in a group has no User, and no account has a group's id.
	if err := tx.MarkUnreachable(out.Chat.Channel, out.Recipient(), cause, now); err != nil {
		return fmt.Errorf("delivery: mark %s unreachable: %w", out.Chat.Key(), err)
	}
	return nil
}

// ignoreMissing treats a message that already left the outbox as settled.
func ignoreMissing(err error) error {
	if errors.Is(err, bot.ErrNotFound) {
		return nil
	}
	return err
}
