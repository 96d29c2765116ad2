package digest

import (
	"fmt"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// Renderer makes one attachment of the digest (the PNG chart, the XLSX
// workbook).
type Renderer struct {
	Ext   string // file extension: "png", "xlsx"
	Photo bool   // sent as a picture rather than a document
	// Chair marks a file for the chairs only (the report to sign): it goes
	// to DigestMessage.ChairAttach.
	Chair bool
	// Render returns the file, or nil when there is nothing to show.
	Render func(*Digest, i18n.Lang) ([]byte, error)
}

// FileName names a digest file in the words of its language, without
// accents: "tong-hop-tuan-38-2020.xlsx", "digest-week-38-2020.xlsx",
// "tong-hop-thang-09-2020.pdf" (the ISO week's year).
func FileName(p bot.Period, lang i18n.Lang, ext string) string {
	pr := i18n.For(lang)
	if !strings.Contains(p.Key, "-W") {
		return pr.T("files.name_month", "month", p.Start.Format("01"), "year", p.Start.Year()) + "." + ext
	}
	year, week := p.Start.ISOWeek()
	return pr.T("files.name_week", "week", week, "year", year) + "." + ext
}

// NewDigester returns the engine's Digester: it builds a period's digest
// once and renders it per language, with the renderers' attachments.
func NewDigester(cfg *bot.Config, renderers ...Renderer) bot.Digester {
	return func(tx bot.Tx, p bot.Period, now time.Time, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
		d, err := Build(tx, cfg, p, now)
		if err != nil {
			return nil, err
		}
		out := make(map[i18n.Lang]bot.DigestMessage, len(langs))
		for _, lang := range langs {
			msg := bot.DigestMessage{Text: Text(d, lang, cfg.Period.Kind)}
			for _, r := range renderers {
				data, err := r.Render(d, lang)
				if err != nil {
					return nil, fmt.Errorf("digest: render %s: %w", r.Ext, err)
				}
				if data == nil {
					continue // nothing to show (a chart without any plan)
				}
				a := bot.Attachment{Name: FileName(p, lang, r.Ext), Photo: r.Photo, Data: data}
				if r.Chair {
					msg.ChairAttach = append(msg.ChairAttach, a)
					continue
				}
				msg.Attach = append(msg.Attach, a)
			}
			out[lang] = msg
		}
		return out, nil
	}
}
