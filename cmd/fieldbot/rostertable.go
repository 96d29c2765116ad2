package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// The roster as a table (CSV or the first sheet of an XLSX workbook): one
// row per unit (with its targets), per member, and one for the area
// totals, told apart by the kind column. The columns are rosterCols, then
// one per target field, headed by the field's id. Headers are read in
// either language, accents and punctuation optional; the kind, role and
// active cells too.
var rosterCols = []string{"kind", "code", "name", "name_en", "title", "title_en", "phone", "role", "lang", "units", "active", "deputy"}

// rosterKinds are the values of the kind column.
var rosterKinds = []string{"unit", "member", "total"}

// foldKey reduces a header or a cell to what identifies it: folded, letters
// and digits only ("Tên (tiếng Anh)" → "tentienganh").
func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, i18n.Fold(s))
}

// matchWord finds which of names (catalog keys prefix+name) s is written as,
// in any language or as the name itself.
func matchWord(s, prefix string, names []string) (string, bool) {
	want := foldKey(s)
	for _, n := range names {
		if want == foldKey(n) {
			return n, true
		}
		for _, l := range i18n.Langs {
			if want == foldKey(i18n.For(l).T(prefix+n)) {
				return n, true
			}
		}
	}
	return "", false
}

// targetFields are the form's fields that carry targets, in form order.
func targetFields(cfg *bot.Config) []string {
	var ids []string
	for _, f := range cfg.Form.Fields {
		if f.Target {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

// rosterRows writes r as the table's rows, header first, in p's language.
func rosterRows(p *i18n.Printer, cfg *bot.Config, r *bot.Roster) [][]any {
	targets := targetFields(cfg)
	head := make([]any, 0, len(rosterCols)+len(targets))
	for _, c := range rosterCols {
		head = append(head, p.T("roster.col."+c))
	}
	for _, id := range targets {
		head = append(head, id)
	}
	rows := [][]any{head}
	row := func(kind string, cells map[string]string, nums map[string]float64) {
		out := make([]any, 0, len(head))
		for _, c := range rosterCols {
			out = append(out, cells[c])
		}
		out[0] = p.T("roster.kind." + kind)
		for _, id := range targets {
			if v, ok := nums[id]; ok {
				out = append(out, v)
			} else {
				out = append(out, "")
			}
		}
		rows = append(rows, out)
	}
	if len(r.Totals) > 0 {
		row("total", nil, r.Totals)
	}
	for _, u := range r.Units {
		row("unit", map[string]string{"code": u.Code, "name": u.Name[i18n.VI], "name_en": u.Name[i18n.EN], "deputy": u.Deputy}, u.Targets)
	}
	for _, m := range r.Members {
		active := p.T("roster.yes")
		if m.Inactive {
			active = p.T("roster.no")
		}
		row("member", map[string]string{"code": m.ID, "name": m.Name, "title": m.Title[i18n.VI], "title_en": m.Title[i18n.EN],
			"phone": m.Phone, "role": p.T("roster.role." + string(m.Role)), "lang": string(m.Lang),
			"units": strings.Join(m.Units, " "), "active": active}, nil)
	}
	return rows
}

// writeRosterCSV writes the rows as UTF-8 CSV with a BOM (so Excel reads
// the Vietnamese right), numbers written p's way.
func writeRosterCSV(w io.Writer, p *i18n.Printer, rows [][]any) error {
	if _, err := w.Write([]byte("\ufeff")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, c := range row {
			if v, ok := c.(float64); ok {
				rec[i] = p.Auto(v)
			} else {
				rec[i] = c.(string)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeRosterXLSX writes the rows as a one-sheet workbook, numbers as
// numbers.
func writeRosterXLSX(w io.Writer, p *i18n.Printer, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := p.T("roster.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// tableError is a roster file with rows or columns that cannot be read:
// each problem with its row and column.
type tableError struct{ problems []string }

func (e *tableError) Error() string { return strings.Join(e.problems, "\n") }

// readRosterCSV reads a CSV roster (UTF-8, BOM or not; "," or ";" between
// cells, as Excel writes it where the decimal mark is a comma).
func readRosterCSV(p *i18n.Printer, cfg *bot.Config, data []byte) (*bot.Roster, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, &tableError{[]string{p.T("cli.roster.bad_csv", "detail", err.Error())}}
	}
	return readRosterRows(p, cfg, rows, false)
}

// readRosterXLSX reads the first sheet of an XLSX roster.
func readRosterXLSX(p *i18n.Printer, cfg *bot.Config, data []byte) (*bot.Roster, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &tableError{[]string{p.T("cli.roster.bad_xlsx")}}
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &tableError{[]string{p.T("cli.roster.bad_xlsx")}}
	}
	return readRosterRows(p, cfg, rows, true)
}

// readRosterRows reads the table: the header names the columns, each row
// after it a unit, a member or the totals. raw cells (XLSX) hold numbers
// with a decimal point; typed ones (CSV) are read p's way first.
func readRosterRows(p *i18n.Printer, cfg *bot.Config, rows [][]string, raw bool) (*bot.Roster, error) {
	var probs []string
	if len(rows) == 0 {
		return nil, &tableError{[]string{p.T("cli.roster.empty")}}
	}
	targets := targetFields(cfg)
	col := map[string]int{}    // column name → index
	target := map[int]string{} // index → target field id
	for i, h := range rows[0] {
		if strings.TrimSpace(h) == "" {
			continue
		}
		name, ok := matchWord(h, "roster.col.", rosterCols)
		if !ok {
			name, ok = matchWord(h, "", targets)
			if ok {
				target[i] = name
				continue
			}
			probs = append(probs, p.T("cli.roster.bad_column", "col", colName(i), "header", h,
				"known", strings.Join(append(colHeaders(p), targets...), ", ")))
			continue
		}
		if _, dup := col[name]; dup {
			probs = append(probs, p.T("cli.roster.dup_column", "col", colName(i), "header", h))
			continue
		}
		col[name] = i
	}
	for _, need := range []string{"kind", "code", "name"} {
		if _, ok := col[need]; !ok && len(probs) == 0 {
			probs = append(probs, p.T("cli.roster.missing_column", "header", p.T("roster.col."+need)))
		}
	}
	if len(probs) > 0 {
		return nil, &tableError{probs}
	}
	np := i18n.For(headerLang(p.Lang(), rows[0])) // numbers as the file's language writes them
	r := &bot.Roster{}
	phones := map[string]phoneRow{} // normalized phone → the first member row that has it
	for n, row := range rows[1:] {
		line := n + 2 // the header is row 1, as a spreadsheet counts
		cell := func(name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		bad := func(name, value, key string) {
			probs = append(probs, p.T("cli.roster.bad_cell", "row", line, "header", rows[0][col[name]], "value", value,
				"problem", p.T(key)))
		}
		if strings.Join(row, "") == "" {
			continue // an empty line
		}
		kind, ok := matchWord(cell("kind"), "roster.kind.", rosterKinds)
		if !ok {
			bad("kind", cell("kind"), "cli.roster.want_kind")
			continue
		}
		nums := map[string]float64{}
		for _, i := range slices.Sorted(maps.Keys(target)) { // cells in column order
			id := target[i]
			if i >= len(row) || strings.TrimSpace(row[i]) == "" {
				continue
			}
			v, err := readNumber(np, strings.TrimSpace(row[i]), raw)
			if err != nil {
				header := rows[0][i]
				if f, _, ok := cfg.Form.Field(id); ok && len(f.Label) > 0 {
					header += " (" + f.Label.In(p.Lang()) + ")" // the column is the field's id: say which question it is
				}
				probs = append(probs, p.T("cli.roster.bad_cell", "row", line, "header", header, "value", row[i],
					"problem", p.T("cli.roster.want_number")))
				continue
			}
			nums[id] = v
		}
		switch kind {
		case "total":
			r.Totals = nums
		case "unit":
			u := bot.Unit{Code: cell("code"), Name: i18n.Text{}, Deputy: cell("deputy")}
			for l, c := range map[i18n.Lang]string{i18n.VI: "name", i18n.EN: "name_en"} {
				if v := cell(c); v != "" {
					u.Name[l] = v
				}
			}
			if len(nums) > 0 {
				u.Targets = nums
			}
			r.Units = append(r.Units, u)
		case "member":
			m := bot.Member{ID: cell("code"), Name: cell("name"), Phone: cell("phone"), Role: bot.RoleMember, Lang: i18n.VI}
			for l, c := range map[i18n.Lang]string{i18n.VI: "title", i18n.EN: "title_en"} {
				if v := cell(c); v != "" {
					if m.Title == nil {
						m.Title = i18n.Text{}
					}
					m.Title[l] = v
				}
			}
			if v := cell("role"); v != "" {
				if m.Role, ok = bot.ParseRole(v); !ok {
					bad("role", v, "cli.roster.want_role")
				}
			}
			if v := cell("lang"); v != "" {
				if m.Lang, ok = i18n.ParseLang(v); !ok {
					bad("lang", v, "cli.roster.want_lang")
				}
			}
			if v := cell("active"); v != "" {
				yes, ok := matchWord(v, "roster.", []string{"yes", "no"})
				if !ok {
					bad("active", v, "cli.roster.want_yes_no")
				}
				m.Inactive = yes == "no"
			}
			m.Units = strings.FieldsFunc(cell("units"), func(c rune) bool { return c == ' ' || c == ',' || c == ';' })
			if norm, ok := bot.NormalizePhone(m.Phone); m.Phone != "" && ok {
				if first, dup := phones[norm]; dup {
					probs = append(probs, p.T("cli.roster.dup_phone", "row", line, "header", rows[0][col["phone"]],
						"phone", m.Phone, "id", m.ID, "other_row", first.line, "other", first.id))
				} else {
					phones[norm] = phoneRow{line, m.ID}
				}
			}
			r.Members = append(r.Members, m)
		}
	}
	if len(probs) > 0 {
		return nil, &tableError{probs}
	}
	return r, nil
}

// phoneRow is the row of the table where a phone number was first seen,
// and its member: a second member with the number is told with both rows
// (the roster's own check, which knows no rows, would name only the ids).
type phoneRow struct {
	line int
	id   string
}

// readNumber reads a cell's number: as the CLI's language writes it, or
// with a decimal point (what a workbook holds, or another tool wrote).
func readNumber(p *i18n.Printer, s string, raw bool) (float64, error) {
	if raw {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v, nil
		}
	}
	if v, err := i18n.ParseNumber(p.Lang(), s); err == nil {
		return v, nil
	}
	return strconv.ParseFloat(s, 64)
}

// headerLang is the language a table's header is written in, by its fixed
// columns' names (a file exported in Vietnamese has "823,3", in English
// "823.3"); def when it cannot be told.
func headerLang(def i18n.Lang, header []string) i18n.Lang {
	votes := map[i18n.Lang]int{}
	for _, h := range header {
		k := foldKey(h)
		for _, n := range rosterCols {
			for _, l := range i18n.Langs {
				if k == foldKey(i18n.For(l).T("roster.col."+n)) {
					votes[l]++
				}
			}
		}
	}
	best := def
	for _, l := range i18n.Langs {
		if votes[l] > votes[best] {
			best = l
		}
	}
	return best
}

// colName is a column's spreadsheet letter: 0 → A, 26 → AA.
func colName(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return name
}

// colHeaders are the fixed columns' headers in p's language.
func colHeaders(p *i18n.Printer) []string {
	out := make([]string, len(rosterCols))
	for i, c := range rosterCols {
		out[i] = p.T("roster.col." + c)
	}
	return out
}

// readRosterDocument is the engine's bot.RosterFileReader: a CSV or XLSX
// roster an admin sends to the bot, read as roster import reads one.
func readRosterDocument(cfg *bot.Config, name string, data []byte, p *i18n.Printer) (*bot.Roster, error) {
	var r *bot.Roster
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		r, err = readRosterCSV(p, cfg, data)
	case ".xlsx":
		r, err = readRosterXLSX(p, cfg, data)
	default:
		return nil, &bot.RosterFileError{Text: p.T("roster.file_kind")}
	}
	var te *tableError
	if errors.As(err, &te) {
		return nil, &bot.RosterFileError{Text: strings.Join(te.problems, "\n")}
	}
	return r, err
}
