// Package bot is fieldbot's domain: the area and its units, the roster, the
// report form, periods, reports and their revisions, accounts (identities)
// on each channel, chat sessions, and the engine that turns channel-neutral
// updates into stored reports and replies.
//
// It owns the interfaces the outside implements: Store and its transaction
// Tx, made of small interfaces (IdentityTx, SessionTx, ReportTx, OutboxTx,
// ...) for the database; Channel and ChannelInfo for a messenger, which
// declares its Caps and its invite link and reports failures as a Reason.
// It imports only the standard library and i18n. The adapters (bot/console,
// bot/telegram), the sender (bot/delivery), the bbolt store and cmd/fieldbot
// depend on it, never the reverse.
//
// An update's way: an adapter makes an Update; Engine.Handle runs each update
// of a batch as a turn (who is writing, on which account, the chat's
// session) inside one Store.Update; the turn looks its session's step up in
// the step table, and what it says becomes Outgoing rows in the outbox of the
// same transaction, which the channel's sender then delivers.
package bot
