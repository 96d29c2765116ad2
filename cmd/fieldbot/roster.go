package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/store"
)

// rosterFile is a roster file given to roster import (--file).
const rosterFile fileKind = "roster"

// roster runs fieldbot roster import|export|template.
func (e *env) roster(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return e.rosterImport(ctx, args[1:])
		case "export":
			return e.rosterExport(ctx, args[1:])
		case "template":
			return e.rosterTemplate(args[1:])
		case "-h", "--help", "-help", "help":
			e.rosterUsage(e.stdout)
			return nil
		}
	}
	e.rosterUsage(e.stderr)
	return errUsage
}

// rosterUsage lists every option of the roster subcommands, then the
// subcommands themselves.
func (e *env) rosterUsage(w io.Writer) {
	fs := e.flags("roster")
	fs.String("config", "", e.p.T("cli.flag.config_demo"))
	fs.String("db", "", e.p.T("cli.flag.invite_db"))
	fs.String("file", "", e.p.T("cli.roster.flag.file"))
	fs.Bool("apply", false, e.p.T("cli.roster.flag.apply"))
	fs.String("format", "csv", e.p.T("cli.roster.flag.format"))
	fs.String("out", "", e.p.T("cli.roster.flag.out"))
	fs.Bool("v", false, e.p.T("cli.flag.error_detail"))
	e.flagUsage(w, fs)
	fmt.Fprintln(w, "\n"+e.p.T("cli.roster.usage", "import", e.p.T("cli.cmd.roster import"),
		"export", e.p.T("cli.cmd.roster export"), "template", e.p.T("cli.cmd.roster template")))
}

// rosterImport shows what a roster file (the configuration's YAML, or
// --file CSV, XLSX or YAML) would change in the database's roster, and
// with --apply makes the change in one transaction:
// fieldbot roster import [--config FILE] --db FILE [--file FILE] [--apply].
func (e *env) rosterImport(ctx context.Context, args []string) error {
	fs := e.flags("roster import")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.invite_db"))
	file := fs.String("file", "", e.p.T("cli.roster.flag.file"))
	apply := fs.Bool("apply", false, e.p.T("cli.roster.flag.apply"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return e.usageError(true)
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	file0 := cfg.Roster()
	if *file != "" {
		if file0, err = e.readRosterFile(cfg, *file); err != nil {
			return err
		}
	}
	var next *bot.Roster
	db, err := e.openRosterDB(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var changes []bot.RosterChange
	var cur *bot.Roster
	var kept []string
	run := db.View
	if *apply {
		run = db.Update
	}
	err = run(ctx, func(tx bot.Tx) error {
		if cur, err = bot.CurrentRoster(tx, cfg); err != nil {
			return err
		}
		// members the file leaves out are kept, deactivated; a unit with reports is not dropped
		if next, kept, err = bot.ImportRoster(tx, cfg, file0); err != nil {
			return err
		}
		if *apply {
			changes, err = bot.UpdateRoster(tx, cfg, next, "", e.clock.Now())
		} else {
			changes, err = bot.PlanRoster(tx, cfg, next)
		}
		return err
	})
	var refused *bot.RosterError
	if errors.As(err, &refused) {
		return &saidError{msg: e.p.T("cli.roster.refused") + "\n  " + strings.ReplaceAll(refused.Render(e.p), "\n", "\n  "), err: err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.roster.current", "version", cur.Version, "units", len(cur.Units), "members", len(cur.Members)))
	switch {
	case len(changes) == 0:
		fmt.Fprintln(e.stdout, e.p.T("cli.roster.same"))
	case *apply:
		fmt.Fprintln(e.stdout, e.p.Plural("cli.roster.applied", len(changes), "version", next.Version))
		fmt.Fprintln(e.stdout, "  "+strings.ReplaceAll(bot.RenderChanges(e.p, changes), "\n", "\n  "))
	default:
		fmt.Fprintln(e.stdout, e.p.Plural("cli.roster.would", len(changes)))
		fmt.Fprintln(e.stdout, "  "+strings.ReplaceAll(bot.RenderChanges(e.p, changes), "\n", "\n  "))
		if len(kept) > 0 {
			fmt.Fprintln(e.stdout, e.p.T("roster.import_kept", "ids", strings.Join(kept, ", ")))
		}
		fmt.Fprintln(e.stdout, e.p.T("cli.roster.dry_run"))
	}
	return nil
}

// readRosterFile reads a roster file by its extension: .csv, .xlsx, .yaml.
func (e *env) readRosterFile(cfg *bot.Config, path string) (*bot.Roster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &fileError{kind: rosterFile, path: path, err: err}
	}
	var r *bot.Roster
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		r, err = readRosterCSV(e.p, cfg, data)
	case ".xlsx":
		r, err = readRosterXLSX(e.p, cfg, data)
	case ".yaml", ".yml":
		r, err = config.ParseRoster(data, path, &cfg.Form)
	default:
		return nil, fmt.Errorf("%s", e.p.T("cli.roster.bad_ext", "file", path))
	}
	var te *tableError
	if errors.As(err, &te) {
		return nil, &saidError{msg: e.p.T("cli.roster.bad_file", "file", path) + "\n  " + strings.Join(te.problems, "\n  "), err: err}
	}
	return r, err
}

// openRosterDB opens the database, telling a database held by the running
// bot apart: the roster is then changed from the chat.
func (e *env) openRosterDB(path string) (*store.DB, error) {
	db, err := openDB(path, store.Options{Timeout: time.Second})
	if errors.Is(err, store.ErrLocked) {
		return nil, &saidError{msg: e.p.T("cli.roster.locked", "file", path), err: store.ErrLocked}
	}
	return db, err
}

// rosterExport writes the database's roster:
// fieldbot roster export [--config FILE] --db FILE [--format yaml|csv|xlsx] [--out FILE].
func (e *env) rosterExport(ctx context.Context, args []string) error {
	fs := e.flags("roster export")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.invite_db"))
	format := fs.String("format", "csv", e.p.T("cli.roster.flag.format"))
	out := fs.String("out", "", e.p.T("cli.roster.flag.out"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return e.usageError(true)
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	db, cleanup, err := e.openForReading(ctx, *dbPath) // a running bot's through its snapshot
	if err != nil {
		return err
	}
	defer cleanup()
	var r *bot.Roster
	if err := db.View(ctx, func(tx bot.Tx) (err error) { r, err = bot.CurrentRoster(tx, cfg); return err }); err != nil {
		return err
	}
	return e.writeRoster(cfg, r, *format, *out, true)
}

// rosterTemplate writes an empty roster table to fill in: the header and
// one example row of each kind, from the configuration's roster:
// fieldbot roster template [--config FILE] [--format csv|xlsx] [--out FILE].
func (e *env) rosterTemplate(args []string) error {
	fs := e.flags("roster template")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	format := fs.String("format", "csv", e.p.T("cli.roster.flag.format_table"))
	out := fs.String("out", "", e.p.T("cli.roster.flag.out"))
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	full := cfg.Roster()
	r := &bot.Roster{Totals: full.Totals}
	if len(full.Units) > 0 {
		r.Units = full.Units[:1]
	}
	if len(full.Members) > 0 {
		r.Members = full.Members[:1]
	}
	return e.writeRoster(cfg, r, *format, *out, false)
}

// writeRoster writes r in format to out (stdout when empty, except a
// workbook).
func (e *env) writeRoster(cfg *bot.Config, r *bot.Roster, format, out string, yamlOK bool) error {
	var buf bytes.Buffer
	var err error
	switch {
	case format == "csv":
		err = writeRosterCSV(&buf, e.p, rosterRows(e.p, cfg, r))
	case format == "xlsx":
		if out == "" {
			return fmt.Errorf("%s", e.p.T("cli.roster.xlsx_needs_out"))
		}
		err = writeRosterXLSX(&buf, e.p, rosterRows(e.p, cfg, r))
	case format == "yaml" && yamlOK:
		var data []byte
		data, err = config.RosterYAML(r)
		buf.Write(data)
	default:
		return fmt.Errorf("%s", e.p.T("cli.roster.bad_format", "value", format))
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err := io.Copy(e.stdout, &buf)
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return &fileError{kind: rosterFile, path: out, create: true, err: err}
	}
	fmt.Fprintln(e.stderr, e.p.T("cli.roster.written", "file", out))
	return nil
}
