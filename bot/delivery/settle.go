package delivery

import (
	"errors"
	"fmt"
	"time"

	"fieldbot/bot"
)

// settled is what settle decided for one delivery, logged and observed
// once its transaction commits.
type settled struct {
	d       delivery
	outcome bot.SendOutcome
	cause   bot.Reason    // a dead letter's
	wait    time.Duration // before a retry
}

// settle records the outcome of one delivery inside tx and reports whether
// the message left the outbox.
func (s *Sender) settle(tx bot.OutboxTx, d delivery, now time.Time) (bool, settled, error) {
	out := d.out
	st := settled{d: d, outcome: bot.SendOK}
	if d.err == nil {
		return true, st, ignoreMissing(tx.Ack(out.ID))
	}
	var se *bot.SendError
	isSendErr := errors.As(d.err, &se)
	if isSendErr && se.Permanent() {
		st.outcome, st.cause = bot.SendDeadLetter, se.Reason
		return true, st, s.deadLetter(tx, out, se.Reason, d.err.Error(), now)
	}
	wait := time.Duration(0)
	if isSendErr && se.RetryAfter > 0 {
		wait = se.RetryAfter // flood control: not the message's fault
		st.outcome = bot.SendRateLimited
	} else {
		out.Attempts++
		if s.MaxAttempts > 0 && out.Attempts >= s.MaxAttempts {
			st.outcome, st.cause = bot.SendDeadLetter, bot.ReasonGaveUp
			reason := fmt.Sprintf("%d attempts, the last: %v", out.Attempts, d.err)
			return true, st, s.deadLetter(tx, out, bot.ReasonGaveUp, reason, now)
		}
		wait = s.backoff(out.Attempts)
		if isSendErr && se.Reason == bot.ReasonTimedOut {
			wait = max(wait, s.timeoutWait()) // let a late first copy land before a second
		}
		st.outcome = bot.SendRetry
	}
	out.NotBefore = now.Add(wait)
	st.wait = wait
	return false, st, ignoreMissing(tx.UpdateOutbox(out))
}

// report writes one log line per delivery with its outcome, and tells the
// observer. The line names the chat, never the text or a phone number; a
// platform's error reaches it already redacted by the channel.
func (s *Sender) report(sts []settled) {
	ch := s.Channel.Name()
	obs := bot.ObserverOr(s.Observer)
	log := s.logger()
	for _, st := range sts {
		out := st.d.out
		obs.Sent(ch, st.outcome)
		obs.PlatformCall(ch, st.outcome == bot.SendOK)
		attrs := []any{"channel", ch, "chat", out.Chat.Key(), "id", out.ID, "outcome", string(st.outcome), "attempts", out.Attempts}
		switch st.outcome {
		case bot.SendOK:
			log.Info("send", attrs...)
		case bot.SendDeadLetter:
			obs.DeadLettered(ch, st.cause)
			log.Warn("send", append(attrs, "cause", string(st.cause), "err", st.d.err)...)
		default:
			if st.outcome == bot.SendRateLimited {
				obs.RateLimited(ch)
			}
			log.Info("send", append(attrs, "wait", st.wait, "err", st.d.err)...)
		}
	}
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
