package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/chart"
	"fieldbot/bot/digest/pdf"
	"fieldbot/bot/digest/sheet"
	"fieldbot/i18n"
	"fieldbot/store"
)

// renderers are the digest's attachments, in the order they are sent: the
// progress chart (left out when there is no target and no plan to draw), the
// workbook a clerk can re-total, and (for the chairs only) the official
// report to sign.
func renderers(cfg *bot.Config) []digest.Renderer {
	return append(slices.Clip(attachments), pdf.Renderer(cfg))
}

// attachments are the renderers every reader gets.
var attachments = []digest.Renderer{
	{Ext: "png", Photo: true, Render: func(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
		data, err := chart.PNG(d, lang)
		if errors.Is(err, chart.ErrNoPlan) {
			return nil, nil
		}
		return data, err
	}},
	{Ext: "xlsx", Render: sheet.XLSX},
}

// digester is the engine's Digester with the attachments wired in.
func digester(cfg *bot.Config) *digest.Digester { return digest.NewDigester(cfg, renderers(cfg)...) }

// digestCmd writes a period's digest (text and attachments) to a folder:
// fieldbot digest [--config FILE] --db FILE [--period 2020-W38] --out DIR [--lang vi] [--pdf];
// --pdf writes the chair's official report too.
func (e *env) digestCmd(ctx context.Context, args []string) error {
	fs := e.flags("digest")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.digest_db"))
	period := fs.String("period", "", e.p.T("cli.flag.period"))
	outDir := fs.String("out", ".", e.p.T("cli.flag.out"))
	langFlag := fs.String("lang", "vi", e.p.T("cli.flag.lang"))
	withPDF := fs.Bool("pdf", false, e.p.T("cli.flag.pdf"))
	if err := parse(fs, args); err != nil {
		return err
	}
	lang, ok := i18n.ParseLang(*langFlag)
	if *dbPath == "" || !ok {
		fmt.Fprintln(e.stderr, e.p.T("cli.digest_usage"))
		return errUsage
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	p := cfg.Period.Prev(cfg.Period.PeriodAt(e.clock.Now(), cfg.Area.Location))
	if *period != "" {
		if p, err = cfg.Period.ParsePeriod(*period, cfg.Area.Location); err != nil {
			return fmt.Errorf("%s", e.p.T(badPeriodKey(cfg.Period.Kind), "value", *period))
		}
	}
	db, err := openDB(*dbPath, store.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	rs := attachments
	if *withPDF {
		rs = renderers(cfg)
	}
	g := digest.NewDigester(cfg, rs...)
	var data bot.DigestData
	if err := db.View(ctx, func(tx bot.Tx) error {
		data, err = g.Build(tx, p, e.clock.Now())
		return err
	}); err != nil {
		return err
	}
	msgs, err := g.Render(data, []i18n.Lang{lang}) // outside the transaction
	if err != nil {
		return err
	}
	msg := msgs[lang]
	msg.Attach = append(msg.Attach, msg.ChairAttach...)
	return e.writeDigest(*outDir, p, lang, msg)
}

// badPeriodKey is the message for a --period that is not a period of the
// configured kind: it shows the form that kind takes.
func badPeriodKey(kind bot.PeriodKind) string {
	if kind == bot.Monthly {
		return "cli.bad_period.monthly"
	}
	return "cli.bad_period.weekly"
}

// writeDigest writes the text and attachments into dir and lists them.
func (e *env) writeDigest(dir string, p bot.Period, lang i18n.Lang, msg bot.DigestMessage) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &fileError{kind: outFolder, path: dir, err: fmt.Errorf("digest: %w", err)}
	}
	files := append([]bot.Attachment{{Name: digest.FileName(p, lang, "txt"), Data: []byte(msg.Text + "\n")}}, msg.Attach...)
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return &fileError{kind: outFile, path: path, err: fmt.Errorf("digest: %w", err)}
		}
		fmt.Fprintln(e.stdout, e.p.T("cli.wrote", "path", path))
	}
	return nil
}
