package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/i18n"
	"fieldbot/store"
)

// env carries what a subcommand needs from the process: streams and the
// language of command-line messages.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	p              *i18n.Printer
	clock          bot.Clock
}

// errUsage marks a command-line mistake; the message was already printed.
var errUsage = errors.New("usage")

// Run runs the subcommand named by args[0] and returns the exit code.
// Command-line messages are in Vietnamese unless FIELDBOT_LANG says "en".
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang, _ := i18n.ParseLang(os.Getenv("FIELDBOT_LANG"))
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, p: i18n.For(lang.Or(i18n.VI)), clock: bot.SystemClock{}}
	return e.run(ctx, args)
}

// run dispatches to a subcommand.
func (e *env) run(ctx context.Context, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		fmt.Fprintln(stderr, e.p.T("cli.usage"))
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = e.demo(ctx, args[1:])
	case "digest":
		err = e.digestCmd(ctx, args[1:])
	case "check":
		err = e.check(ctx, args[1:])
	case "invite":
		err = e.invite(ctx, args[1:])
	case "run":
		err = e.runCommand(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, e.p.T("cli.usage"))
		return 0
	default:
		fmt.Fprintln(stderr, e.p.T("cli.unknown_command", "cmd", args[0]))
		fmt.Fprintln(stderr, e.p.T("cli.usage"))
		return 2
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp): // -h: the help was asked for
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errDamaged): // listed already
		return 1
	default:
		fmt.Fprintln(stderr, "fieldbot:", e.explain(err))
		return 1
	}
}

// flags makes a flag set that reports errors instead of exiting.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses flags, mapping failures to errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// logger logs to stderr: warnings only unless verbose, so the console
// conversation stays readable.
func (e *env) logger(verbose bool) *slog.Logger { return e.loggerFrom(slog.LevelWarn, verbose) }

// loggerFrom logs to stderr from level on, or everything when verbose.
func (e *env) loggerFrom(level slog.Level, verbose bool) *slog.Logger {
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// startClock returns the clock a command runs on: the real one, or with
// --now, one that starts at the given moment in loc and runs on from there
// (to replay the 2020 demo weeks, or to try the deadline).
func (e *env) startClock(now string, loc *time.Location) (bot.Clock, error) {
	if now == "" {
		return e.clock, nil
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", now, loc)
	if err != nil {
		return nil, fmt.Errorf("%s", e.p.T("cli.bad_now", "value", now))
	}
	realStart := e.clock.Now()
	base := e.clock
	return bot.ClockFunc(func() time.Time { return start.Add(base.Now().Sub(realStart)) }), nil
}

// explain puts the failures a person can act on into their language, with
// the technical detail after it.
func (e *env) explain(err error) string {
	var cfgErr *config.Error
	switch {
	case errors.Is(err, store.ErrLocked):
		return e.p.T("cli.db_in_use") + "\n" + err.Error()
	case errors.Is(err, store.ErrCorrupt):
		return e.p.T("cli.db_corrupt") + "\n" + err.Error()
	case errors.Is(err, store.ErrNewerSchema):
		return e.p.T("cli.db_newer") + "\n" + err.Error()
	case errors.As(err, &cfgErr):
		return e.p.T("cli.config_invalid", "n", len(cfgErr.Problems)) + "\n" + err.Error()
	}
	return err.Error()
}
