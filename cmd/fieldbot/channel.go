package main

// This file is the one place in cmd/fieldbot that names the delivery types
// (delivery.Sender, delivery.NewWake, delivery.Limiter, bot.Channel).

import (
	"context"
	"log/slog"
	"net/http"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/store"
)

// channelSpec is one chat platform as the app runs it. Adding a platform is
// adding one spec to the list fieldbot run builds.
type channelSpec struct {
	Name string
	Send sendSettings
	// Webhook, when set, takes in updates on the shared HTTP server.
	Webhook *webhookSpec
	// Poll, when set, takes in updates until ctx ends; the batch under way
	// when it ends is committed before it returns.
	Poll func(ctx context.Context, in intake) error
	// Setup are calls made to the platform once the HTTP server listens
	// and before updates are taken in.
	Setup []setupCall
}

// sendSettings say how a channel's outbox is sent.
type sendSettings struct {
	Channel bot.Channel
	// Limiter paces deliveries; nil sends as fast as the channel takes them.
	Limiter delivery.Limiter
	// Workers is how many chats are sent to at once (0: one).
	Workers int
	// MaxAttempts dead-letters a message after that many temporary
	// failures (0: retry until it goes through).
	MaxAttempts int
	// Only, when set, restricts sending to the chats it accepts.
	Only func(bot.ChatRef) bool
}

// webhookSpec is a channel's handler on the shared HTTP server (POST only).
type webhookSpec struct {
	Path    string
	Handler func(in intake) http.Handler
	// OwnBodyLimit says the handler reads at most a limit of its own and
	// answers 413 beyond it, so the server adds none.
	OwnBodyLimit bool
}

// setupCall is one set-up call to a platform, bounded by setupTimeout.
type setupCall struct {
	What string // for the log and the error
	Call func(ctx context.Context) error
	// Required makes a failure stop the start; otherwise it is logged.
	Required bool
}

// intake is what a channel's source of updates is given.
type intake struct {
	Engine *bot.Engine
	Store  *store.DB
	Wake   func() // after each committed batch, to wake the channel's sender
	Log    *slog.Logger
	// Observer is told of each poll (metrics, readiness).
	Observer bot.Observer
}

// channel is a channelSpec wired into the app: its sender and the wake
// that tells the sender there is something to send.
type channel struct {
	spec   channelSpec
	sender *delivery.Sender
	wake   <-chan struct{}
	kick   func()
	in     intake
}

// newChannel wires spec to the app's store, engine, clock and log.
func (a *app) newChannel(spec channelSpec) *channel {
	wake, kick := delivery.NewWake()
	s := spec.Send
	return &channel{spec: spec, wake: wake, kick: kick,
		sender: &delivery.Sender{Outbox: delivery.OutboxOf(a.db), Channel: s.Channel, Clock: a.clock, Log: a.log, Limiter: s.Limiter,
			Workers: s.Workers, MaxAttempts: s.MaxAttempts, Only: s.Only, Grace: shutdownDeadline, Observer: a.obs.observer()},
		in: intake{Engine: a.eng, Store: a.db, Wake: kick, Log: a.log, Observer: a.obs.observer()}}
}

// send sends the outbox as it fills until ctx ends.
func (c *channel) send(ctx context.Context) { _ = c.sender.Run(ctx, c.wake) }

// flush sends what is due now and returns how many went out.
func (c *channel) flush(ctx context.Context) (int, error) { return c.sender.Flush(ctx) }

// drain sends what is left until the outbox is empty or ctx ends.
func (c *channel) drain(ctx context.Context) error { return c.sender.Drain(ctx) }

// discardOutbox marks every pending console message sent without showing
// it (the seeded members read their replies as they typed).
func discardOutbox(ctx context.Context, db bot.Store, clock bot.Clock, log *slog.Logger) error {
	_, err := (&delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: discard{}, Clock: clock, Log: log}).Flush(ctx)
	return err
}
