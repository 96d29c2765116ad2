package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram"
	"fieldbot/store"
)

// botUsernameEnv names the environment variable that gives the Telegram
// bot's username when --bot-username is not set.
const botUsernameEnv = "FIELDBOT_BOT_USERNAME"

// botUsername is what Telegram allows in a bot's username.
var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// invite makes a one-time registration code for a roster member and prints
// it with its expiry and, when the bot's username is known (the flag,
// FIELDBOT_BOT_USERNAME, the configuration's telegram.bot_username, or
// getMe when TELEGRAM_BOT_TOKEN is set), its deep link:
// fieldbot invite [--config FILE] --db FILE --member ID [--bot-username NAME].
// Without --config it uses the built-in demo.
func (e *env) invite(ctx context.Context, args []string) error {
	fs := e.flags("invite")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.invite_db"))
	memberID := fs.String("member", "", e.p.T("cli.flag.member"))
	username := fs.String("bot-username", "", e.p.T("cli.flag.bot_username"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dbPath == "" || *memberID == "" {
		return e.usageError(*dbPath == "")
	}
	name, err := e.botName(*username)
	if err != nil {
		return err
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if _, ok := cfg.Member(*memberID); !ok {
		// Not in the YAML: maybe added in the chat since; without a database
		// there is no such roster, and none is made.
		if _, err := os.Stat(*dbPath); err != nil {
			return fmt.Errorf("%s", e.p.T("cli.no_member", "id", *memberID))
		}
	}
	if name == "" {
		name = cmp.Or(cfg.TelegramBot, e.askTelegramName(ctx))
	}
	inv, m, err := e.makeInvite(ctx, cfg, *dbPath, *memberID)
	if err != nil {
		return err
	}
	e.printInvite(cfg, m, inv, name)
	return nil
}

// askTelegramName asks Telegram (getMe) for the bot's username when a token
// is at hand in TELEGRAM_BOT_TOKEN; "" when there is none or Telegram cannot
// be reached (the invite is still made, without a link).
func (e *env) askTelegramName(ctx context.Context) string {
	token := strings.TrimSpace(os.Getenv(tokenEnv))
	if token == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	api, err := telegram.Dial(ctx, token, os.Getenv(apiEnv), &http.Client{})
	if err != nil {
		fmt.Fprintln(e.stderr, e.p.T("cli.invite_getme_failed", "err", err))
		return ""
	}
	return api.Self().UserName
}

// usageError says which required flag is missing.
func (e *env) usageError(noDB bool) error {
	if noDB {
		fmt.Fprintln(e.stderr, e.p.T("cli.need_db"))
	} else {
		fmt.Fprintln(e.stderr, e.p.T("cli.need_member"))
	}
	return errUsage
}

// botName is the bot's username from the flag or the environment, without
// "@" or a t.me address around it; "" when neither gives one.
func (e *env) botName(flagValue string) (string, error) {
	name := strings.TrimSpace(flagValue)
	if name == "" {
		name = strings.TrimSpace(os.Getenv(botUsernameEnv))
	}
	name = strings.TrimPrefix(name, "https://")
	name = strings.TrimPrefix(name, "t.me/")
	name = strings.TrimPrefix(name, "@")
	if name != "" && !botUsername.MatchString(name) {
		return "", fmt.Errorf("%s", e.p.T("cli.bad_bot_username", "name", name))
	}
	return name, nil
}

// makeInvite opens the database and records a new invite for memberID, a
// member of the database's roster (the YAML's before the bot first ran).
func (e *env) makeInvite(ctx context.Context, cfg *bot.Config, path, memberID string) (bot.Invite, *bot.Member, error) {
	db, err := openDB(path, store.Options{Timeout: time.Second})
	if errors.Is(err, store.ErrLocked) {
		return bot.Invite{}, nil, fmt.Errorf("%s", e.p.T("cli.db_locked", "file", path))
	}
	if err != nil {
		return bot.Invite{}, nil, err
	}
	defer db.Close()
	var cur *bot.Config
	if err := db.View(ctx, func(tx bot.Tx) (err error) { cur, err = bot.CurrentConfig(tx, cfg); return err }); err != nil {
		return bot.Invite{}, nil, err
	}
	m, ok := cur.Member(memberID)
	if !ok {
		return bot.Invite{}, nil, fmt.Errorf("%s", e.p.T("cli.no_member", "id", memberID))
	}
	eng := bot.New(bot.Options{Config: cfg, Store: db, Clock: e.clock, Logger: e.logger(false)})
	inv, err := eng.Invite(ctx, memberID)
	if cerr := db.Close(); err == nil {
		err = cerr // the invite is only good once it is safely on disk
	}
	return inv, m, err
}

// printInvite writes the code, its expiry in the area's time zone and the
// deep link, or how to get one.
func (e *env) printInvite(cfg *bot.Config, m *bot.Member, inv bot.Invite, botName string) {
	loc := cfg.Area.Location
	code := inv.Display()
	fmt.Fprintln(e.stdout, e.p.T("cli.invite_made", "name", m.Name, "id", m.ID, "code", code))
	fmt.Fprintln(e.stdout, e.p.T("cli.invite_expires", "time", e.p.DateTime(inv.Expires.In(loc)), "zone", loc.String()))
	if botName != "" {
		link := telegram.InviteLink(botName, code)
		fmt.Fprintln(e.stdout, e.p.T("cli.invite_link", "link", link))
	} else {
		fmt.Fprintln(e.stdout, e.p.T("cli.invite_no_link"))
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.invite_send", "code", code))
}
