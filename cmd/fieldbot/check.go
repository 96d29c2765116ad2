package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fieldbot/store"
)

// errDamaged marks a database with damaged records (already listed).
var errDamaged = errors.New("damaged records")

// check validates a configuration file and, with --db, every record of a
// database: fieldbot check [--config FILE] [--db FILE]. Without --config it
// checks the built-in demo, as the other commands use it.
func (e *env) check(ctx context.Context, args []string) error {
	fs := e.flags("check")
	path := fs.String("config", "", e.p.T("cli.flag.config_check"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.db_check"))
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
	if *dbPath == "" {
		return nil
	}
	return e.checkDB(ctx, *dbPath)
}

// checkDB walks every page of the database and reads every record (it
// must not be in use by a running bot: one process holds the file), and
// lists the damaged ones. The bot does not do this at start: Open reads no
// data page.
func (e *env) checkDB(ctx context.Context, path string) error {
	db, err := openDB(path, store.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	n, damaged, err := db.Verify(ctx)
	if err != nil {
		return &fileError{kind: dbFile, path: path, err: err} // a damaged page: told as a damaged file
	}
	if len(damaged) == 0 {
		fmt.Fprintln(e.stdout, e.p.T("cli.check_db_ok", "file", path, "records", n))
		return nil
	}
	fmt.Fprintln(e.stderr, e.p.T("cli.check_db_damaged", "file", path, "records", n, "damaged", len(damaged)))
	for _, d := range damaged {
		fmt.Fprintln(e.stderr, "  "+e.p.T("cli.check_db_record", "bucket", d.Bucket, "key", d.Key))
	}
	return errDamaged
}
