package bot

import (
	"context"
	"fmt"
	"time"
)

// Channel delivers outgoing messages on one platform. Adapters implement it.
type Channel interface {
	ChannelInfo
	// Send delivers one message. A failure is a *SendError saying why, so the
	// sender knows whether to retry.
	Send(ctx context.Context, out *Outgoing) error
}

// ChannelInfo is what the engine knows of a channel: its name, what it can
// do, and how a new member joins it.
type ChannelInfo interface {
	// Name is the channel's name in ChatRef.Channel ("console", "telegram").
	Name() string
	// Caps says what the channel's messages can carry.
	Caps() Caps
	// InviteLink is a link that registers whoever opens it with code, or ""
	// when the member has to type the code to the bot.
	InviteLink(code string) string
}

// Caps is what a channel can do with a message; the engine and Render
// shape every message for it.
type Caps struct {
	Buttons   bool      // choices can be pressed (otherwise they are typed by number)
	Edit      bool      // a message can be replaced in place after a button press
	MaxText   int       // the longest text one platform message holds (0: no limit)
	Documents bool      // files other than pictures can be sent
	Photos    PhotoMode // how pictures are sent
	Contact   bool      // a "share my phone number" button can be offered
}

// PhotoMode is how a channel sends pictures.
type PhotoMode int

// The ways a channel sends pictures.
const (
	PhotoNone   PhotoMode = iota // no pictures at all
	PhotoUpload                  // the bytes are uploaded with the message
	PhotoURL                     // the platform fetches them from a public URL
)

// Reason is why a delivery failed, in the domain's words. Adapters set it
// from the platform's answer; nothing outside an adapter reads a platform's
// error text.
type Reason string

// The reasons a delivery fails. The empty Reason is a temporary failure
// (network trouble, a platform error): the message is tried again later.
const (
	ReasonTemporary   Reason = ""
	ReasonTimedOut    Reason = "timed_out"    // no answer in time: the platform may still deliver it late
	ReasonRateLimited Reason = "rate_limited" // the platform asked us to wait: not the message's fault
	ReasonBlocked     Reason = "blocked"      // the person blocked the bot
	ReasonChatGone    Reason = "chat_gone"    // the chat or account no longer exists
	ReasonTooLong     Reason = "too_long"     // the message is longer than the platform takes
	ReasonFileRefused Reason = "file_refused" // an attachment was refused
	ReasonRefused     Reason = "refused"      // this message was refused for another reason
	ReasonGaveUp      Reason = "gave_up"      // temporary failures went on too long
)

// Permanent reports whether a message that failed so goes to the dead
// letters instead of being retried.
func (r Reason) Permanent() bool {
	return r != ReasonTemporary && r != ReasonRateLimited && r != ReasonTimedOut
}

// Unreachable reports whether the failure means the account cannot be
// reached at all (not just this message refused).
func (r Reason) Unreachable() bool { return r == ReasonBlocked || r == ReasonChatGone }

// SendError is a failed delivery, classified by the adapter.
type SendError struct {
	Reason Reason
	// RetryAfter, when set, is how long the platform asked us to wait.
	RetryAfter time.Duration
	// Global says the wait applies to every chat, not only this one.
	Global bool
	Err    error
}

// Temporary is a failure worth retrying later.
func Temporary(err error) *SendError { return &SendError{Err: err} }

// TimedOut is a call that got no answer in time: worth retrying, but not
// soon, since the platform may still deliver the first try.
func TimedOut(err error) *SendError { return &SendError{Reason: ReasonTimedOut, Err: err} }

// Refused is a failure for good, for reason.
func Refused(reason Reason, err error) *SendError { return &SendError{Reason: reason, Err: err} }

// RateLimited is the platform asking to wait (global: for every chat).
func RateLimited(after time.Duration, global bool, err error) *SendError {
	return &SendError{Reason: ReasonRateLimited, RetryAfter: after, Global: global, Err: err}
}

// Permanent reports whether the message is refused for good.
func (e *SendError) Permanent() bool { return e.Reason.Permanent() }

func (e *SendError) Error() string {
	if e.Permanent() {
		return fmt.Sprintf("send: refused (%s): %v", e.Reason, e.Err)
	}
	return fmt.Sprintf("send: temporary (retry after %s): %v", e.RetryAfter, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }
