package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
	"fieldbot/store"
)

// renderer makes one attachment of the digest.
type renderer struct {
	ext    string
	photo  bool
	render func(*digest.Digest, i18n.Lang) ([]byte, error)
}

// renderers are the digest's attachments, in the order they are sent.
var renderers []renderer

// digester builds a period's digest once and renders it per language, with
// its attachments; the engine calls it for /tonghop and the weekly job.
func digester(cfg *bot.Config) bot.Digester {
	return func(tx bot.Tx, p bot.Period, now time.Time, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
		d, err := digest.Build(tx, cfg, p, now)
		if err != nil {
			return nil, err
		}
		out := make(map[i18n.Lang]bot.DigestMessage, len(langs))
		for _, lang := range langs {
			msg := bot.DigestMessage{Text: digest.Text(d, lang, cfg.Period.Kind)}
			for _, r := range renderers {
				data, err := r.render(d, lang)
				if err != nil {
					return nil, fmt.Errorf("digest: render %s: %w", r.ext, err)
				}
				msg.Attach = append(msg.Attach, bot.Attachment{Name: fileName(p, lang, r.ext), Photo: r.photo, Data: data})
			}
			out[lang] = msg
		}
		return out, nil
	}
}

// fileName names a digest file: "tonghop-2020-W38-vi.png".
func fileName(p bot.Period, lang i18n.Lang, ext string) string {
	return fmt.Sprintf("tonghop-%s-%s.%s", p.Key, lang, ext)
}

// digestCmd writes a period's digest (text and attachments) to a folder:
// fieldbot digest [--config FILE] --db FILE [--period 2020-W38] --out DIR [--lang vi].
func (e *env) digestCmd(ctx context.Context, args []string) error {
	fs := e.flags("digest")
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	dbPath := fs.String("db", "", e.p.T("cli.flag.db"))
	period := fs.String("period", "", e.p.T("cli.flag.period"))
	outDir := fs.String("out", ".", e.p.T("cli.flag.out"))
	langFlag := fs.String("lang", "vi", e.p.T("cli.flag.lang"))
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
			return fmt.Errorf("%s", e.p.T("cli.bad_period", "value", *period))
		}
	}
	db, err := store.Open(*dbPath, store.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	var msgs map[i18n.Lang]bot.DigestMessage
	if err := db.View(ctx, func(tx bot.Tx) error {
		msgs, err = digester(cfg)(tx, p, e.clock.Now(), []i18n.Lang{lang})
		return err
	}); err != nil {
		return err
	}
	return e.writeDigest(*outDir, p, lang, msgs[lang])
}

// writeDigest writes the text and attachments into dir and lists them.
func (e *env) writeDigest(dir string, p bot.Period, lang i18n.Lang, msg bot.DigestMessage) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	files := append([]bot.Attachment{{Name: fileName(p, lang, "txt"), Data: []byte(msg.Text + "\n")}}, msg.Attach...)
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return fmt.Errorf("digest: %w", err)
		}
		fmt.Fprintln(e.stdout, e.p.T("cli.wrote", "path", path))
	}
	return nil
}
