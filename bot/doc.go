// Package bot is fieldbot's domain: the area and its units, the roster, the
// report form, periods, reports and their revisions, chat sessions, and the
// engine that turns platform-neutral updates into stored reports and replies.
//
// It owns the interfaces the outside must implement (Store and Tx for the
// database, Channel for a messenger) and imports only the standard library and
// i18n. Adapters (bot/console, bot/telegram), the bbolt store and cmd/fieldbot
// depend on it, never the reverse.
package bot
