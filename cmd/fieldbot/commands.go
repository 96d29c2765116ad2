package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
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
	// flagSet is the last flag set the command made: its -v, when it has
	// one, asks for the technical detail of an error.
	flagSet *flag.FlagSet
}

// errUsage marks a command-line mistake; the message was already printed.
var errUsage = errors.New("usage")

// command is a subcommand: its name, its one-line summary in the catalog
// (cli.cmd.<name>) and what runs it. help lists them in this order.
type command struct {
	name string
	run  func(e *env, ctx context.Context, args []string) error
}

// commands are every subcommand fieldbot has; help is handled apart.
var commands = []command{
	{"demo", (*env).demo},
	{"check", (*env).check},
	{"digest", (*env).digestCmd},
	{"history", (*env).historyCmd},
	{"export", (*env).exportCmd},
	{"invite", (*env).invite},
	{"roster", (*env).roster},
	{"run", (*env).runCommand},
	{"backup", (*env).backup},
	{"restore", (*env).restore},
}

// Run runs the subcommand named by args[0] and returns the exit code.
// Command-line messages are in Vietnamese unless FIELDBOT_LANG says "en".
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang, _ := i18n.ParseLang(os.Getenv("FIELDBOT_LANG"))
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, p: i18n.For(lang.Or(i18n.VI)), clock: bot.SystemClock{}}
	return e.run(ctx, args)
}

// run dispatches to a subcommand.
func (e *env) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		e.usage(e.stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 && args[0] == "help" { // help demo: demo's options
			args = []string{args[1], "-h"}
			break
		}
		e.usage(e.stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return e.exit(c.run(e, ctx, args[1:]))
		}
	}
	fmt.Fprintln(e.stderr, e.p.T("cli.unknown_command", "cmd", args[0]))
	e.usage(e.stderr)
	return 2
}

// exit turns a command's error into the exit code, telling it once in
// plain words; with -v the technical detail follows in the log.
func (e *env) exit(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp): // -h: the help was asked for
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errDamaged): // listed already
		return 1
	}
	fmt.Fprintln(e.stderr, "fieldbot: "+e.explain(err))
	if e.verbose() {
		detail := err
		var said *saidError
		if errors.As(err, &said) && said.err != nil {
			detail = said.err
		}
		e.logger(true).Debug("error detail", "err", detail)
	}
	return 1
}

// verbose reports whether the command was given -v.
func (e *env) verbose() bool {
	if e.flagSet == nil {
		return false
	}
	v := e.flagSet.Lookup("v")
	return v != nil && v.Value.String() == "true"
}

// usage writes the list of every command to w.
func (e *env) usage(w io.Writer) {
	var b strings.Builder
	b.WriteString(e.p.T("cli.usage.head") + "\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-7s %s\n", c.name, e.p.T("cli.cmd."+c.name))
	}
	fmt.Fprintf(&b, "  %-7s %s\n\n", "help", e.p.T("cli.cmd.help"))
	b.WriteString(e.p.T("cli.usage.tail"))
	fmt.Fprintln(w, b.String())
}

// loadConfig reads the config file, or the built-in demo when path is empty.
// A file that cannot be read is told as such (see explain).
func (e *env) loadConfig(path string) (*bot.Config, error) {
	if path == "" {
		return config.Demo(), nil
	}
	cfg, err := config.Load(path)
	var cfgErr *config.Error
	if err != nil && !errors.As(err, &cfgErr) {
		return nil, &fileError{kind: configFile, path: path, err: err}
	}
	return cfg, err
}

// openDB opens the bbolt file; a failure names the file once, as a
// database (see explain).
func openDB(path string, o store.Options) (*store.DB, error) {
	db, err := store.Open(path, o)
	if err != nil {
		return nil, &fileError{kind: dbFile, path: path, create: !o.ReadOnly, err: err}
	}
	return db, nil
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
