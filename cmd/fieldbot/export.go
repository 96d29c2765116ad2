package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"fieldbot/bot"
	"fieldbot/bot/export"
	"fieldbot/i18n"
)

// exportCmd writes every report of a range of periods, also while the bot
// runs (openForReading): fieldbot export [--config FILE] --db FILE
// [--from PERIOD] [--to PERIOD] [--format xlsx|csv|json] [--revisions]
// [--out FILE] [--lang vi|en]. Without --from or --to the range starts at
// the first or ends at the last period holding a report.
func (e *env) exportCmd(ctx context.Context, args []string) error {
	fs := e.flags("export")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.export_db"))
	from := fs.String("from", "", e.p.T("cli.flag.export_from"))
	to := fs.String("to", "", e.p.T("cli.flag.export_to"))
	format := fs.String("format", "xlsx", e.p.T("cli.flag.export_format"))
	revisions := fs.Bool("revisions", false, e.p.T("cli.flag.export_revisions"))
	out := fs.String("out", "", e.p.T("cli.flag.export_out"))
	langFlag := fs.String("lang", "vi", e.p.T("cli.flag.export_lang"))
	if err := parse(fs, args); err != nil {
		return err
	}
	lang, ok := i18n.ParseLang(*langFlag)
	if *dbPath == "" || !ok {
		fmt.Fprintln(e.stderr, e.p.T("cli.export_usage"))
		return errUsage
	}
	write, ok := exportFormats[*format]
	if !ok {
		return fmt.Errorf("%s", e.p.T("cli.export_bad_format", "value", *format))
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	db, cleanup, err := e.openForReading(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer cleanup()
	var data *export.Data
	err = db.View(ctx, func(tx bot.Tx) error {
		r, err := bot.ResolveExportRange(cfg, tx, *from, *to)
		if err != nil {
			return err
		}
		cur, err := bot.CurrentConfig(tx, cfg) // the units, members and targets of the database's roster
		if err != nil {
			return err
		}
		data, err = export.Collect(tx, cur, r, *revisions)
		return err
	})
	var msg *i18n.Error
	switch {
	case errors.As(err, &msg):
		return fmt.Errorf("%s", msg.Render(e.p))
	case err != nil:
		return err
	}
	b, err := write(data, lang) // outside the transaction
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = export.FileName(data, lang, *format)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return &fileError{kind: outFile, path: path, err: fmt.Errorf("export: %w", err)}
	}
	fmt.Fprintln(e.stdout, e.p.Plural("cli.export_done", len(data.Reports), "n", e.p.Int(int64(len(data.Reports))),
		"from", data.Range.From.Key, "to", data.Range.To.Key, "path", path))
	return nil
}

// exportFormats are the writers of --format.
var exportFormats = map[string]func(*export.Data, i18n.Lang) ([]byte, error){
	"xlsx": export.XLSX,
	"csv":  export.CSV,
	"json": export.JSON,
}
