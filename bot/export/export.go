// Package export writes every report of a range of periods (the latest
// revision of each unit's report, or every revision) as a table for the
// office: CSV, JSON or an XLSX workbook. Each row has its context (period,
// unit, member, channel, when it was submitted, revision, review state,
// late mark), every form field's value in its unit and the unit's targets.
// fieldbot export writes it from the command line; /xuat sends the
// workbook in the chat (Exporter is the engine's bot.Exporter).
package export

import (
	"cmp"
	"fmt"
	"slices"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// Data is the reports of a range, as Collect read them.
type Data struct {
	Config    *bot.Config
	Range     bot.ExportRange
	Revisions bool         // every revision, not only the latest
	Reports   []bot.Report // by period, then unit in roster order, then revision
	// Reviews are the review records of the reports' units, by
	// period/unit (none: every report is submitted).
	Reviews map[string]*bot.ReviewRecord
}

// Reader is what Collect reads: the reports and their review records.
type Reader interface {
	bot.ReportTx
	bot.ReviewTx
}

// Collect reads the reports of every period of r: the latest revision of
// each unit's report, or with revisions every revision, and their review
// records. It only reads.
func Collect(tx Reader, cfg *bot.Config, r bot.ExportRange, revisions bool) (*Data, error) {
	d := &Data{Config: cfg, Range: r, Revisions: revisions, Reviews: map[string]*bot.ReviewRecord{}}
	for _, p := range cfg.Period.Periods(r) {
		latest, err := tx.PeriodReports(p.Key)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		recs, err := tx.PeriodReviews(p.Key)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		for i := range recs {
			d.Reviews[recs[i].Period+"/"+recs[i].Unit] = &recs[i]
		}
		slices.SortStableFunc(latest, func(a, b bot.Report) int { return cmp.Compare(unitOrder(cfg, a.Unit), unitOrder(cfg, b.Unit)) })
		for _, l := range latest {
			if !revisions {
				d.Reports = append(d.Reports, l)
				continue
			}
			revs, err := tx.Revisions(p.Key, l.Unit)
			if err != nil {
				return nil, fmt.Errorf("export: %w", err)
			}
			d.Reports = append(d.Reports, revs...)
		}
	}
	return d, nil
}

// unitOrder is a unit's place in the roster; units no longer in it come
// after, in code order (the store's).
func unitOrder(cfg *bot.Config, code string) int {
	for i, u := range cfg.Units {
		if u.Code == code {
			return i
		}
	}
	return len(cfg.Units)
}

// State is the review state of revision r: the last change of its review
// record made on that revision (an earlier revision returned keeps
// "returned"; a correction after a return or an approval is submitted).
func (d *Data) State(r *bot.Report) bot.ReportState {
	rec := d.Reviews[r.Period+"/"+r.Unit]
	if rec == nil {
		return bot.StateSubmitted
	}
	for i := len(rec.Changes) - 1; i >= 0; i-- {
		if rec.Changes[i].Seq == r.Seq {
			return rec.Changes[i].State
		}
	}
	return bot.StateSubmitted
}

// FileName is the name of the export of d in lang with the extension ext
// ("bao-cao-2020-W37-2020-W38.csv").
func FileName(d *Data, lang i18n.Lang, ext string) string {
	key := "export.file"
	if d.Revisions {
		key = "export.file_revisions"
	}
	return i18n.For(lang).T(key, "from", d.Range.From.Key, "to", d.Range.To.Key) + "." + ext
}

// Exporter is the engine's bot.Exporter: /xuat gets the latest revisions
// as a workbook.
type Exporter struct{ Config *bot.Config }

// Collect reads the latest reports of r.
func (x Exporter) Collect(tx bot.Tx, r bot.ExportRange) (bot.ExportData, int, error) {
	cfg, err := bot.CurrentConfig(tx, x.Config) // the units, members and targets of the database's roster
	if err != nil {
		return nil, 0, err
	}
	d, err := Collect(tx, cfg, r, false)
	if err != nil {
		return nil, 0, err
	}
	return d, len(d.Reports), nil
}

// Workbook writes what Collect read as an XLSX file in lang.
func (x Exporter) Workbook(data bot.ExportData, lang i18n.Lang) (bot.Attachment, error) {
	d, ok := data.(*Data)
	if !ok {
		return bot.Attachment{}, fmt.Errorf("export: workbook of a %T", data)
	}
	b, err := XLSX(d, lang)
	if err != nil {
		return bot.Attachment{}, err
	}
	return bot.Attachment{Name: FileName(d, lang, "xlsx"), Data: b}, nil
}
