package main

import (
	"fmt"

	"fieldbot/bot/config"
)

// check validates a configuration file: fieldbot check --config FILE.
func (e *env) check(args []string) error {
	fs := e.flags("check")
	path := fs.String("config", "", e.p.T("cli.flag.config"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *path == "" {
		fmt.Fprintln(e.stderr, e.p.T("cli.need_config"))
		return errUsage
	}
	cfg, err := config.Load(*path)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.check_ok", "file", *path, "units", len(cfg.Units),
		"members", len(cfg.Members), "fields", len(cfg.Form.Fields)))
	return nil
}
