package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Go's flag package writes its own English ("Usage of demo:", "flag
// provided but not defined: -nope", "(default ...)"). Every flag set made by
// env.flags writes nothing itself: parse says what went wrong and lists the
// options from the catalog, in the user's language.

// flagOutput is where a flag set would write; it keeps the environment so
// that parse can speak, and drops what the flag package writes.
type flagOutput struct{ e *env }

func (flagOutput) Write(b []byte) (int, error) { return len(b), nil }

// flags makes a flag set for the command name that reports errors instead
// of exiting and prints nothing of its own.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(flagOutput{e})
	fs.Usage = func() {} // parse prints the catalog's usage
	e.flagSet = fs
	return fs
}

// parse parses flags; every command takes -v, which the commands that log
// define themselves and the others get here (it shows an error's technical
// detail, see env.exit). -h prints the command's options to stdout and gives
// flag.ErrHelp; a mistake is told in a sentence followed by the options on
// stderr with where to find the options, and gives errUsage. Words left over after the options are a
// mistake too: no command takes any.
func parse(fs *flag.FlagSet, args []string) error {
	out, ok := fs.Output().(flagOutput)
	if !ok { // a flag set not made by env.flags
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		return nil
	}
	e := out.e
	if fs.Lookup("v") == nil {
		fs.Bool("v", false, e.p.T("cli.flag.error_detail"))
	}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		e.flagUsage(e.stdout, fs)
		return err
	case err != nil:
		fmt.Fprintln(e.stderr, e.flagError(fs.Name(), err))
	case fs.NArg() > 0:
		fmt.Fprintln(e.stderr, e.p.T("cli.flag_extra", "cmd", fs.Name(), "arg", fs.Arg(0)))
	default:
		return nil
	}
	fmt.Fprintln(e.stderr, e.p.T("cli.flag_hint", "cmd", fs.Name()))
	return errUsage
}

// The flag package's errors carry no type; these are its wordings (Go 1.26).
var (
	flagUnknown   = regexp.MustCompile(`^flag provided but not defined: -(.*)$`)
	flagNeedsArg  = regexp.MustCompile(`^flag needs an argument: -(.*)$`)
	flagBadValue  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]*): `)
	flagBadSyntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
	flagBadBool   = regexp.MustCompile(`^invalid boolean flag ([^:]*):`)
)

// flagError puts a flag parse error in the user's words.
func (e *env) flagError(cmd string, err error) string {
	msg := err.Error()
	if m := flagUnknown.FindStringSubmatch(msg); m != nil {
		return e.p.T("cli.flag_unknown", "cmd", cmd, "flag", "--"+m[1])
	}
	if m := flagNeedsArg.FindStringSubmatch(msg); m != nil {
		return e.p.T("cli.flag_needs_value", "flag", "--"+m[1])
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		return e.p.T("cli.flag_bad_value", "flag", "--"+m[2], "value", m[1])
	}
	if m := flagBadBool.FindStringSubmatch(msg); m != nil {
		return e.p.T("cli.flag_bad_value", "flag", "--"+m[1], "value", "")
	}
	arg := msg // a wording this Go does not have yet: quoted as it is
	if m := flagBadSyntax.FindStringSubmatch(msg); m != nil {
		arg = m[1]
	}
	return e.p.T("cli.flag_bad_syntax", "cmd", cmd, "arg", arg)
}

// flagUsage writes the command's summary and every option with its help and
// default, all from the catalog.
func (e *env) flagUsage(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	b.WriteString(e.p.T("cli.cmd_usage", "cmd", fs.Name()) + "\n")
	b.WriteString("  " + e.p.T("cli.cmd."+fs.Name()) + "\n\n")
	b.WriteString(e.p.T("cli.options") + "\n")
	fs.VisitAll(func(f *flag.Flag) {
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		b.WriteString("  " + dash + f.Name)
		if !isBoolFlag(f) {
			b.WriteString(" " + e.p.T("cli.flag.value"))
		}
		b.WriteString("\n      " + f.Usage)
		if d := f.DefValue; d != "" && !(isBoolFlag(f) && d == "false") {
			b.WriteString(" " + e.p.T("cli.flag.default", "value", d))
		}
		b.WriteString("\n")
	})
	fmt.Fprint(w, b.String())
}

// isBoolFlag reports whether f is a switch that takes no value.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
