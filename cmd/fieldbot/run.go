package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"fieldbot/i18n"
)

// env carries what a subcommand needs from the process: streams and the
// language of command-line messages.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	p              *i18n.Printer
}

// errUsage marks a command-line mistake; the message was already printed.
var errUsage = errors.New("usage")

// Run runs the subcommand named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang, _ := i18n.ParseLang(os.Getenv("FIELDBOT_LANG"))
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, p: i18n.For(lang.Or(i18n.VI))}
	if len(args) == 0 {
		fmt.Fprintln(stderr, e.p.T("cli.usage"))
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = e.demo(ctx, args[1:])
	case "check":
		err = e.check(args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, e.p.T("cli.usage"))
		return 0
	default:
		fmt.Fprintln(stderr, e.p.T("cli.unknown_command", "cmd", args[0]))
		fmt.Fprintln(stderr, e.p.T("cli.usage"))
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	default:
		fmt.Fprintln(stderr, "fieldbot:", err)
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
func (e *env) logger(verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}
