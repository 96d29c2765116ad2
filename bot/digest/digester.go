package digest

import (
	"fmt"
	"strings"
	"sync"
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

// Digester is the engine's bot.Digester: Build computes a period's digest
// from the store, Render writes it per language with the renderers'
// attachments, in the renderers' order.
type Digester struct {
	cfg       *bot.Config
	renderers []Renderer
}

var _ bot.Digester = (*Digester)(nil)

// NewDigester returns the Digester of cfg with renderers' attachments; a PDF
// or any other file is one more Renderer.
func NewDigester(cfg *bot.Config, renderers ...Renderer) *Digester {
	return &Digester{cfg: cfg, renderers: renderers}
}

// Build computes the digest of period p as of now (a *Digest); it only reads
// from tx, the roster (units, members, targets) included.
func (g *Digester) Build(tx bot.Tx, p bot.Period, now time.Time) (bot.DigestData, error) {
	cfg, err := bot.CurrentConfig(tx, g.cfg)
	if err != nil {
		return nil, err
	}
	return Build(tx, cfg, p, now)
}

// Render renders data, a *Digest from Build, in each of langs: the text and
// one attachment per renderer that has something to show (the chairs' own
// in ChairAttach).
func (g *Digester) Render(data bot.DigestData, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	d, ok := data.(*Digest)
	if !ok || d == nil {
		return nil, fmt.Errorf("digest: render: got %T, not a digest", data)
	}
	out := make(map[i18n.Lang]bot.DigestMessage, len(langs))
	for _, lang := range langs {
		msg, err := g.renderLang(d, lang)
		if err != nil {
			return nil, err
		}
		out[lang] = msg
	}
	return out, nil
}

// rendered is one renderer's file, its error, or the panic it raised.
type rendered struct {
	data   []byte
	err    error
	panic  any
	panics bool
}

// renderLang renders d in lang: the text and each renderer's file at the
// same time (they only read d), which at ten thousand units takes the
// time of the workbook alone rather than of all of them. A renderer's
// panic is raised again here, in the caller's goroutine.
func (g *Digester) renderLang(d *Digest, lang i18n.Lang) (bot.DigestMessage, error) {
	files := make([]rendered, len(g.renderers))
	var wg sync.WaitGroup
	for i, r := range g.renderers {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					files[i].panic, files[i].panics = p, true
				}
			}()
			files[i].data, files[i].err = r.Render(d, lang)
		})
	}
	msg := bot.DigestMessage{Text: Text(d, lang, g.cfg.Period.Kind)}
	wg.Wait()
	for i, r := range g.renderers {
		f := files[i]
		switch {
		case f.panics:
			panic(f.panic)
		case f.err != nil:
			return msg, fmt.Errorf("digest: render %s: %w", r.Ext, f.err)
		case f.data == nil:
			continue // nothing to show (a chart without any plan)
		}
		a := bot.Attachment{Name: FileName(d.Period, lang, r.Ext), Photo: r.Photo, Data: f.data}
		if r.Chair {
			msg.ChairAttach = append(msg.ChairAttach, a)
			continue
		}
		msg.Attach = append(msg.Attach, a)
	}
	return msg, nil
}
