package main

import "fmt"

// check validates a configuration file: fieldbot check [--config FILE];
// without --config it checks the built-in demo, as the other commands use it.
func (e *env) check(args []string) error {
	fs := e.flags("check")
	path := fs.String("config", "", e.p.T("cli.flag.config_check"))
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*path)
	if err != nil {
		return err
	}
	name := *path
	if name == "" {
		name = e.p.T("cli.demo_config_name")
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.check_ok", "file", name, "units", len(cfg.Units),
		"members", len(cfg.Members), "fields", len(cfg.Form.Fields)))
	return nil
}
