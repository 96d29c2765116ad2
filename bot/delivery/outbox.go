package delivery

import (
	"context"

	"fieldbot/bot"
)

// Outbox is the part of the database a Sender uses: transactions that see
// only the outbox, the dead letters and the accounts they mark. Update may
// share its transaction with other writers' (see bot.Batcher): fn may run
// more than once, each run starting from what it reads in tx.
type Outbox interface {
	View(ctx context.Context, fn func(bot.OutboxTx) error) error
	Update(ctx context.Context, fn func(bot.OutboxTx) error) error
}

// OutboxOf narrows a store to its outbox.
func OutboxOf(s bot.Store) Outbox { return outboxOf{s} }

type outboxOf struct{ s bot.Store }

func (o outboxOf) View(ctx context.Context, fn func(bot.OutboxTx) error) error {
	return o.s.View(ctx, func(tx bot.Tx) error { return fn(tx) })
}

// Update uses the store's Batch when it has one: the deliveries of a pass
// are then committed with the updates being handled meanwhile, in one fsync.
func (o outboxOf) Update(ctx context.Context, fn func(bot.OutboxTx) error) error {
	return bot.BatchOrUpdate(o.s)(ctx, func(tx bot.Tx) error { return fn(tx) })
}
