// Command fieldbot is the field-reporting chat bot: it runs the bot on
// every channel that has credentials (fieldbot run), or on the terminal
// console with the built-in demo district (fieldbot demo); it checks a
// configuration (fieldbot check), writes a digest (fieldbot digest),
// exports the reports (fieldbot export, also while the bot runs: see
// snapshot.go) and makes invites (fieldbot invite). commands.go dispatches them; app.go wires
// the bot once for run and demo.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the configured zone must load on machines without zoneinfo
)

// main turns SIGINT and SIGTERM into the end of the context and exits
// with the subcommand's code.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
