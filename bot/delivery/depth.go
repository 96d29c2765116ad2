package delivery

import (
	"context"
	"fmt"
	"time"

	"fieldbot/bot"
)

// Depth is how many messages wait in channel's outbox and when the oldest
// of them was queued (zero when none wait). It reads each waiting chat's
// messages without their files.
func Depth(ctx context.Context, o Outbox, channel string) (n int, oldest time.Time, err error) {
	err = o.View(ctx, func(tx bot.OutboxTx) error {
		n, oldest = 0, time.Time{}
		var ferr error
		if err := tx.DueChats(channel, func(chat bot.ChatRef, _ time.Time) bool {
			outs, err := tx.ChatOutbox(chat, 0)
			if err != nil {
				ferr = err
				return false
			}
			n += len(outs)
			for _, out := range outs {
				if oldest.IsZero() || out.Created.Before(oldest) {
					oldest = out.Created
				}
			}
			return true
		}); err != nil {
			return err
		}
		return ferr
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("delivery: outbox depth of %s: %w", channel, err)
	}
	return n, oldest, nil
}
