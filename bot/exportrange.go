package bot

import (
	"fmt"

	"fieldbot/i18n"
)

// ExportData is what an Exporter collected from the store; bot does not
// look inside, it hands it back to the Exporter that made it.
type ExportData any

// Exporter makes the export of the reports that /xuat sends (and that
// fieldbot export writes): cmd wires it to the bot/export package. Like
// the Digester it works in two steps, so the workbook is written outside
// any transaction.
type Exporter interface {
	// Collect reads the latest report of every unit for each period from
	// r.From to r.To, and says how many reports it read. It only reads: it
	// runs in a read-only transaction.
	Collect(tx Tx, r ExportRange) (ExportData, int, error)
	// Workbook writes what Collect returned as an XLSX file in lang. It is
	// called outside any transaction.
	Workbook(data ExportData, lang i18n.Lang) (Attachment, error)
}

// ExportRange is the periods an export covers, both ends included.
type ExportRange struct {
	From, To Period
}

// Periods lists the periods of r in order.
func (s PeriodSpec) Periods(r ExportRange) []Period {
	var out []Period
	for p := r.From; p.Key <= r.To.Key; p = s.PeriodAt(p.End, p.Start.Location()) {
		out = append(out, p)
	}
	return out
}

// ResolveExportRange reads the FROM and TO period keys of an export
// (either may be empty: the first and the last period holding a report)
// against the periods the store holds reports for. A key that is not a
// period of the configured kind, a range that ends before it starts and a
// range with no report in it are *i18n.Error values naming the values.
func ResolveExportRange(cfg *Config, tx ReportTx, fromKey, toKey string) (ExportRange, error) {
	first, last, err := tx.ReportSpan()
	if err != nil {
		return ExportRange{}, fmt.Errorf("bot: export range: %w", err)
	}
	if first == "" {
		return ExportRange{}, i18n.Errorf("export.no_data")
	}
	// An end left out is the data's; but a range given only past the data
	// (or only before it) is that one period, told as outside the data
	// rather than as backwards.
	switch {
	case fromKey == "" && toKey == "":
		fromKey, toKey = first, last
	case fromKey == "":
		fromKey = min(first, toKey)
	case toKey == "":
		toKey = max(last, fromKey)
	}
	var r ExportRange
	for _, end := range []struct {
		key string
		p   *Period
	}{{fromKey, &r.From}, {toKey, &r.To}} {
		p, err := cfg.Period.ParsePeriod(end.key, cfg.Area.Location)
		if err != nil {
			return ExportRange{}, i18n.Errorf(badPeriodMessage(cfg.Period.Kind), "value", end.key)
		}
		*end.p = p
	}
	switch {
	case r.To.Key < r.From.Key:
		return ExportRange{}, i18n.Errorf("export.backwards", "from", r.From.Key, "to", r.To.Key)
	case r.To.Key < first || r.From.Key > last:
		return ExportRange{}, i18n.Errorf("export.outside", "from", r.From.Key, "to", r.To.Key, "first", first, "last", last)
	}
	return r, nil
}

// badPeriodMessage is the message for a key that is not a period of the
// configured kind: it shows the form that kind takes.
func badPeriodMessage(kind PeriodKind) string {
	if kind == Monthly {
		return "export.bad_period.monthly"
	}
	return "export.bad_period.weekly"
}
