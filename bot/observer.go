package bot

import "time"

// Observer is told what the bot does, for its metrics and its readiness.
// The domain knows only this interface; an adapter (bot/metrics) turns the
// calls into Prometheus series. Calls must be cheap and must not block: they
// are made inside the handling of updates and the sending of messages.
type Observer interface {
	// UpdateHandled is one inbound update and what came of it.
	UpdateHandled(channel string, outcome UpdateOutcome)
	// BatchCommitted is one transaction of updates (group commit): how many
	// updates it held and how long it took, handling and fsync included.
	BatchCommitted(channel string, size int, took time.Duration)
	// Sent is one delivery attempt of an outbox message and its outcome.
	Sent(channel string, outcome SendOutcome)
	// RateLimited is a "retry after" (HTTP 429) from the platform.
	RateLimited(channel string)
	// DeadLettered is a message moved to the dead letters, and why.
	DeadLettered(channel string, cause Reason)
	// JobRan is one run of a scheduled job, whether it succeeded and how
	// long it took.
	JobRan(job string, ok bool, took time.Duration)
	// DigestBuilt is one build of a digest (all its languages).
	DigestBuilt(took time.Duration)
	// PlatformCall is one call to a chat platform (a poll, a send) or one
	// authenticated webhook request from it, and whether it went through.
	PlatformCall(channel string, ok bool)
}

// UpdateOutcome is what came of one inbound update.
type UpdateOutcome string

// The outcomes of an update.
const (
	// UpdateHandled: the update was applied and committed.
	UpdateHandled UpdateOutcome = "handled"
	// UpdateDuplicate: a redelivery (its number or key was seen), skipped.
	UpdateDuplicate UpdateOutcome = "duplicate"
	// UpdateFailed: it failed on its own; marked handled with an apology.
	UpdateFailed UpdateOutcome = "failed"
	// UpdateDeferred: the database could not be written; the update was
	// not consumed and comes again.
	UpdateDeferred UpdateOutcome = "deferred"
)

// SendOutcome is what came of one delivery attempt.
type SendOutcome string

// The outcomes of a delivery attempt.
const (
	SendOK          SendOutcome = "sent"         // delivered
	SendRetry       SendOutcome = "retry"        // a temporary failure: sent again after a backoff
	SendRateLimited SendOutcome = "rate_limited" // told to wait (429): sent again after the wait
	SendDeadLetter  SendOutcome = "dead_letter"  // refused for good, or too many attempts
)

// NopObserver observes nothing.
type NopObserver struct{}

// UpdateHandled does nothing.
func (NopObserver) UpdateHandled(string, UpdateOutcome) {}

// BatchCommitted does nothing.
func (NopObserver) BatchCommitted(string, int, time.Duration) {}

// Sent does nothing.
func (NopObserver) Sent(string, SendOutcome) {}

// RateLimited does nothing.
func (NopObserver) RateLimited(string) {}

// DeadLettered does nothing.
func (NopObserver) DeadLettered(string, Reason) {}

// JobRan does nothing.
func (NopObserver) JobRan(string, bool, time.Duration) {}

// DigestBuilt does nothing.
func (NopObserver) DigestBuilt(time.Duration) {}

// PlatformCall does nothing.
func (NopObserver) PlatformCall(string, bool) {}

// Observers tells each of its observers in turn.
type Observers []Observer

// UpdateHandled tells each observer.
func (all Observers) UpdateHandled(ch string, o UpdateOutcome) {
	for _, x := range all {
		x.UpdateHandled(ch, o)
	}
}

// BatchCommitted tells each observer.
func (all Observers) BatchCommitted(ch string, n int, took time.Duration) {
	for _, x := range all {
		x.BatchCommitted(ch, n, took)
	}
}

// Sent tells each observer.
func (all Observers) Sent(ch string, o SendOutcome) {
	for _, x := range all {
		x.Sent(ch, o)
	}
}

// RateLimited tells each observer.
func (all Observers) RateLimited(ch string) {
	for _, x := range all {
		x.RateLimited(ch)
	}
}

// DeadLettered tells each observer.
func (all Observers) DeadLettered(ch string, cause Reason) {
	for _, x := range all {
		x.DeadLettered(ch, cause)
	}
}

// JobRan tells each observer.
func (all Observers) JobRan(job string, ok bool, took time.Duration) {
	for _, x := range all {
		x.JobRan(job, ok, took)
	}
}

// DigestBuilt tells each observer.
func (all Observers) DigestBuilt(took time.Duration) {
	for _, x := range all {
		x.DigestBuilt(took)
	}
}

// PlatformCall tells each observer.
func (all Observers) PlatformCall(ch string, ok bool) {
	for _, x := range all {
		x.PlatformCall(ch, ok)
	}
}

// ObserverOr is o, or a NopObserver when o is nil.
func ObserverOr(o Observer) Observer {
	if o == nil {
		return NopObserver{}
	}
	return o
}

// updateKind names what an update carries, for the log: never its text,
// its phone number or its photo.
func updateKind(u *Update) string {
	switch {
	case u.Callback != nil:
		return "button"
	case u.Contact != nil:
		return "contact"
	case u.Photo != "" || len(u.PhotoData) > 0:
		return "photo"
	case u.Unsupported != "":
		return "unsupported"
	case len(u.Text) > 0 && u.Text[0] == '/':
		return "command"
	default:
		return "text"
	}
}
