// Package sheet writes the digest's workbook for the office that prints
// and files reports: a summary sheet (with a title block: program, area,
// period, date made), a sheet of the headline targets (households lifted
// out of poverty) per unit, one sheet per program item with one row per
// unit, a sheet of every unit's answers for the period (one column per
// question of the form), and a sheet of the progress ratings and the
// difficulties and proposals. Totals, rates and the summary's figures are
// Excel formulas over the unit rows, so a clerk who corrects a figure gets
// every total re-computed; the workbook asks to be recalculated on opening.
// Every formula also stores its computed result, typed as a number, so
// viewers that do not recalculate (phones, chat previews, pandas) show the
// figures too.
// Headers come from the i18n catalogs.
package sheet

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// XLSX writes the workbook of d in lang.
func XLSX(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	b := &book{f: f, d: d, p: i18n.For(lang), taken: map[string]bool{}}
	if err := b.build(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("sheet: write: %w", err)
	}
	return numericCache(buf.Bytes())
}

// fastZip compresses the workbook at deflate's fastest level: at ten
// thousand units the default level costs more time than the sheets take to
// write, for a file about a fifth smaller.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}

// book is the workbook being written.
type book struct {
	f     *excelize.File
	d     *digest.Digest
	p     *i18n.Printer
	st    styles
	taken map[string]bool // sheet names in use, folded to lower case
}

func (b *book) build() error {
	var err error
	if b.st, err = newStyles(b.f); err != nil {
		return fmt.Errorf("sheet: styles: %w", err)
	}
	if err := b.f.SetDefaultFont(fontFamily); err != nil {
		return fmt.Errorf("sheet: font: %w", err)
	}
	summary := b.name(b.p.T("sheet.summary"), "summary")
	if err := b.f.SetSheetName("Sheet1", summary); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	totals := map[string]cellRefs{}
	if len(b.d.Headline) > 0 {
		title := b.p.T("sheet.headline")
		if err := b.unitSheet(b.name(title, "headline"), title, b.d.Headline, totals); err != nil {
			return err
		}
	}
	for _, it := range b.d.Items {
		label := it.Label.In(b.p.Lang())
		if err := b.unitSheet(b.name(shortName(label), it.ID), label, it.Fields, totals); err != nil {
			return err
		}
	}
	if err := b.summary(summary, totals); err != nil {
		return err
	}
	if len(b.d.Fields) > 0 {
		if err := b.figures(b.name(b.p.T("sheet.figures"), "figures")); err != nil {
			return err
		}
	}
	if err := b.opinions(b.name(b.p.T("sheet.opinions"), "opinions")); err != nil {
		return err
	}
	// The summary, the first sheet, is the active one already:
	// SetActiveSheet would read every streamed sheet back.
	yes := true
	if err := b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
		return fmt.Errorf("sheet: calc: %w", err)
	}
	err = b.f.SetDocProps(&excelize.DocProperties{
		Title:   b.d.Program.In(b.p.Lang()) + " – " + b.period(),
		Subject: b.d.Area.In(b.p.Lang()), Creator: "fieldbot", Language: string(b.p.Lang()),
		Created: b.d.Built.UTC().Format("2006-01-02T15:04:05Z"), Modified: b.d.Built.UTC().Format("2006-01-02T15:04:05Z"),
	})
	if err != nil {
		return fmt.Errorf("sheet: properties: %w", err)
	}
	return nil
}

// period names the period for people: "Tuần 38 (14/09–20/09/2020)".
func (b *book) period() string { return digest.PeriodName(b.p, b.d.Period) }

// heading writes the lines above a table: the title, the area and period,
// and the demo mark.
func (b *book) heading(w *stream, title string) {
	w.set(1, 1, title, b.st.title)
	w.set(1, 2, b.d.Area.In(b.p.Lang())+" · "+b.p.T("sheet.period")+": "+b.period(), b.st.plain)
	if b.d.Demo {
		w.set(1, 3, b.p.T("files.demo_note"), b.st.demo)
	}
}

// unitWord is a field's unit in the plural form a column header takes.
func (b *book) unitWord(t digest.Total, n float64) string {
	return b.p.UnitWord(t.Unit.In(b.p.Lang()), n)
}

// fieldHeader is "Label (unit)", or the label alone when it has no unit.
func (b *book) fieldHeader(t digest.Total) string {
	label := t.Label.In(b.p.Lang())
	if u := b.unitWord(t, 2); u != "" {
		return b.p.T("sheet.field", "label", label, "unit", u)
	}
	return label
}

// numStyle is the number format of a field's cells: integers for counts,
// one decimal for money and other decimals.
func (b *book) numStyle(t digest.Total, total bool) int {
	integer := t.Type == bot.FieldInteger
	switch {
	case integer && total:
		return b.st.totalInt
	case integer:
		return b.st.integer
	case total:
		return b.st.totalMoney
	}
	return b.st.money
}

// name makes a valid sheet name out of s, unique in the workbook: at most
// 31 characters, none of []:*?/\, not starting or ending with an
// apostrophe; fallback is used when nothing is left of s.
func (b *book) name(s, fallback string) string {
	s = strings.Trim(strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, s)), " "), "' ")
	if s == "" {
		s = fallback
	}
	s = cut(s, 31)
	base := s
	for i := 2; b.taken[strings.ToLower(s)] || strings.EqualFold(s, "History"); i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		s = cut(base, 31-len(suffix)) + suffix
	}
	b.taken[strings.ToLower(s)] = true
	return s
}

// shortName is the part of an item label before its colon ("Dự án 3: Hỗ
// trợ …" → "Dự án 3"), without parenthesised parts when that is still too
// long for a sheet name.
func shortName(label string) string {
	if head, _, ok := strings.Cut(label, ":"); ok && strings.TrimSpace(head) != "" {
		label = head
	}
	if len([]rune(label)) <= 31 {
		return label
	}
	var out strings.Builder
	depth := 0
	for _, r := range label {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			out.WriteRune(r)
		}
	}
	if s := strings.Join(strings.Fields(out.String()), " "); s != "" {
		return s
	}
	return label
}

// cut shortens s to n runes, marking the cut with "…".
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
