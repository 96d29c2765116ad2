package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"fieldbot/i18n"
)

// Sep is the CSV field separator: ";", the list separator of Excel under a
// Vietnamese (and most European) Windows, so that a double-click opens the
// file in columns; it is never part of a number either way.
const Sep = ';'

// bom starts the CSV so that Excel reads it as UTF-8 (Vietnamese letters).
const bom = "\ufeff"

// CSV writes d in lang: UTF-8 with a byte order mark, fields separated by
// Sep, lines ended by CRLF, a header row, then a row per report. Numbers
// are machine-readable: a point before the decimals and no grouping
// (5989.5), whatever the language; the headers, unit names, choices and
// yes/no are in lang.
func CSV(d *Data, lang i18n.Lang) ([]byte, error) {
	t := newTable(d, lang)
	var buf bytes.Buffer
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = Sep, true
	row := make([]string, len(t.cols))
	for i, c := range t.cols {
		row[i] = c.header
	}
	if err := w.Write(row); err != nil {
		return nil, fmt.Errorf("export: csv: %w", err)
	}
	for i := range d.Reports {
		for j, c := range t.cols {
			row[j] = t.words(c.value(&d.Reports[i]))
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("export: csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("export: csv: %w", err)
	}
	return buf.Bytes(), nil
}

// plain writes v with a point before its decimals, no grouping and no
// exponent: 5989.5, 13, 0.25.
func plain(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
