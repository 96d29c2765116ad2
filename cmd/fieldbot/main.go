// Command fieldbot is the field-reporting chat bot: it runs the bot on the
// terminal console with the built-in demo district (fieldbot demo), checks a
// configuration (fieldbot check), and more subcommands as they are added.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the configured zone must load on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
