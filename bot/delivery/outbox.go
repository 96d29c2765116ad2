package delivery

import (
	"context"

	"fieldbot/bot"
)

// Outbox is the part of the database a Sender uses: transactions that see
// only the outbox, the dead letters and the accounts they mark.
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

func (o outboxOf) Update(ctx context.Context, fn func(bot.OutboxTx) error) error {
	return o.s.Update(ctx, func(tx bot.Tx) error { return fn(tx) })
}
