package main

import (
	"context"
	"fmt"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// historyCmd prints a unit's revisions as /lichsu shows them:
// fieldbot history [--config FILE] --db FILE --unit UNIT [--period 2020-W38] [--lang vi|en].
// The database is opened read-only; while the bot runs, which holds the
// file's lock, a snapshot is read through the bot (openForReading).
func (e *env) historyCmd(ctx context.Context, args []string) error {
	fs := e.flags("history")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.history_db"))
	unitArg := fs.String("unit", "", e.p.T("cli.flag.history_unit"))
	period := fs.String("period", "", e.p.T("cli.flag.history_period"))
	langFlag := fs.String("lang", "vi", e.p.T("cli.flag.history_lang"))
	if err := parse(fs, args); err != nil {
		return err
	}
	lang, ok := i18n.ParseLang(*langFlag)
	if *dbPath == "" || *unitArg == "" || !ok {
		fmt.Fprintln(e.stderr, e.p.T("cli.history_usage"))
		return errUsage
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	periods, err := cfg.HistoryRange(*period, cfg.Period.PeriodAt(e.clock.Now(), cfg.Area.Location))
	if err != nil {
		return fmt.Errorf("%s", bot.UserMessage(e.p, err))
	}
	db, cleanup, err := e.openForReading(ctx, *dbPath) // a running bot's: its snapshot
	if err != nil {
		return err
	}
	defer cleanup()
	var text string
	if err := db.View(ctx, func(tx bot.Tx) error {
		cur, err := bot.CurrentConfig(tx, cfg) // the units and members' names as the database's roster has them
		if err != nil {
			return err
		}
		code := cur.MatchUnit(*unitArg)
		if code == "" {
			return fmt.Errorf("%s", e.p.T("cli.history_unit_unknown", "unit", *unitArg))
		}
		text, err = bot.History(tx, cur, i18n.For(lang), code, periods)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, text)
	return nil
}
