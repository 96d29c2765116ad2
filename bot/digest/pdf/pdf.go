// Package pdf writes the digest as an official report to print, sign and
// file, in the administrative format of Nghị định 30/2020/NĐ-CP: the
// national title and motto, the issuing body, the number and date line, the
// title, the district figures table, the units to follow up, the
// difficulties and proposals, "Nơi nhận" and the signature block. It is set
// in Liberation Serif, embedded, with codeberg.org/go-pdf/fpdf (pure Go,
// maintained, embeds UTF-8 TrueType subsets; it is in the module graph
// through gonum.org/v1/plot already).
package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// Ext is the report's file extension.
const Ext = "pdf"

// Renderer is the digest attachment of cfg's official report, sent to the
// chairs only. The signer comes from the roster the digest was built from
// (the database's), cfg's when the digest has none.
func Renderer(cfg *bot.Config) digest.Renderer {
	return digest.Renderer{Ext: Ext, Chair: true, Render: func(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
		c := cfg
		if d.Members != nil {
			cp := *cfg
			cp.Members = d.Members
			c = &cp
		}
		return Report(d, HeadFor(c, lang), lang)
	}}
}

// Report writes the official report of d in lang under the letterhead h.
// The file is the same for the same digest: its dates are the digest's.
func Report(d *digest.Digest, h Head, lang i18n.Lang) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginTop, marginR)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(1)
	f.SetCatalogSort(true)
	f.SetCreationDate(d.Built)
	f.SetModificationDate(d.Built)
	addFonts(f)
	r := &report{pg: &page{f: f}, d: d, h: h, p: i18n.For(lang), loc: d.Period.Start.Location()}
	f.SetTitle(r.title(), true)
	f.SetSubject(d.Area.In(lang), true)
	f.SetCreator("fieldbot", true)
	f.SetProducer("fieldbot", true)
	f.SetLang(string(lang))
	// Pages after the first are numbered at the top, in the middle.
	f.SetHeaderFunc(func() {
		if n := f.PageNo(); n > 1 {
			r.pg.font("", bodyPt)
			f.SetXY(marginL, 10)
			f.CellFormat(textW, 5, fmt.Sprint(n), "", 0, "C", false, 0, "")
			f.SetXY(marginL, marginTop)
		}
	})
	f.AddPage()
	r.letterhead()
	r.heading()
	r.results()
	r.followUp()
	r.notes()
	r.closing()
	r.signature()
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	return buf.Bytes(), nil
}

// report is the report being written.
type report struct {
	pg      *page
	d       *digest.Digest
	h       Head
	p       *i18n.Printer
	loc     *time.Location
	section int
}

func (r *report) lang() i18n.Lang { return r.p.Lang() }

// period names the period inside a sentence: "tuần 38 (14/09–20/09/2020)".
func (r *report) period() string { return lowerFirst(digest.PeriodName(r.p, r.d.Period)) }

// title is the report's subject line: "Tình hình thực hiện … tuần 38 (…)".
func (r *report) title() string {
	return r.p.T("pdf.subject", "program", r.d.Program.In(r.lang()), "period", r.period())
}

// Column layout of the letterhead: the bodies on the left, the national
// title on the right.
const (
	leftW  = 70.0
	rightX = marginL + leftW
	rightW = textW - leftW
)

// letterhead writes the issuing body, the national title and motto, the
// number and the place and date, as the first lines of the first page.
func (r *report) letterhead() {
	pg, f := r.pg, r.pg.f
	y := marginTop
	left := y
	if r.h.Parent != "" {
		pg.font("", 12.5)
		left = pg.block(r.h.Parent, marginL, left, leftW, 5.5)
	}
	pg.font("B", 12.5)
	left = pg.block(r.h.Issuer, marginL, left, leftW, 5.5)
	pg.rule(marginL, leftW, leftW/3, left+0.8)

	pg.font("B", 12)
	right := pg.block(r.p.T("pdf.nation"), rightX, y, rightW, 5.5)
	pg.font("B", 13.5)
	motto := r.p.T("pdf.motto")
	right = pg.block(motto, rightX, right, rightW, 6)
	pg.rule(rightX, rightW, f.GetStringWidth(motto), right+0.3)

	y = max(left, right) + 4
	pg.font("", bodyPt)
	pg.block(r.p.T("pdf.number", "symbol", r.h.Symbol), marginL, y, leftW, bodyLead)
	pg.font("I", bodyPt)
	pg.block(r.dateLine(), rightX, y, rightW, bodyLead)
	f.SetXY(marginL, y+bodyLead+8)
}

// dateLine is "Chợ Đồn, ngày 21 tháng 9 năm 2020", the digest's day; days
// below 10 and the months January and February take a leading zero, as
// the decree asks. Other languages write dd/mm/yyyy.
func (r *report) dateLine() string {
	t := r.d.Built.In(r.loc)
	day, month := fmt.Sprintf("%02d", t.Day()), fmt.Sprintf("%02d", int(t.Month()))
	if r.lang() == i18n.VI && t.Day() >= 10 {
		day = fmt.Sprint(t.Day())
	}
	if r.lang() == i18n.VI && t.Month() > time.February {
		month = fmt.Sprint(int(t.Month()))
	}
	return r.p.T("pdf.date_line", "place", r.h.Place, "day", day, "month", month, "year", t.Year())
}

// heading writes "BÁO CÁO" and the subject, and the demo mark.
func (r *report) heading() {
	pg, f := r.pg, r.pg.f
	pg.font("B", 14)
	pg.para(r.p.T("pdf.kind"), 0, 7, "C")
	pg.font("B", 14)
	pg.para(r.title(), 10, 6.5, "C") // indented 10 mm each side: wrapped lines keep centered
	pg.rule(marginL, textW, 40, f.GetY()+0.8)
	f.Ln(6)
	if r.d.Demo {
		pg.font("BI", smallPt)
		f.SetTextColor(198, 40, 40)
		pg.para(r.p.T("files.demo_note"), 0, 5.5, "C")
		f.SetTextColor(0, 0, 0)
		f.Ln(2)
	}
}

// part starts a numbered part of the report: "I. KẾT QUẢ THỰC HIỆN".
func (r *report) part(key string) {
	r.section++
	r.pg.f.Ln(2)
	r.pg.font("B", bodyPt)
	r.pg.para(roman(r.section)+". "+upper(r.p.T(key)), 0, bodyLead, "J")
}

// body writes a paragraph of the body, justified.
func (r *report) body(s string) {
	r.pg.font("", bodyPt)
	r.pg.para(s, 0, bodyLead, "J")
}

// item writes a dashed line of a list, indented.
func (r *report) item(s string) {
	r.pg.font("", bodyPt)
	r.pg.para("- "+s, 8, bodyLead, "J")
}

// sub writes a list's heading in italics: "a) Đơn vị chưa báo cáo:".
func (r *report) sub(s string) {
	r.pg.font("I", bodyPt)
	r.pg.para(s, 0, bodyLead, "J")
}

// unitWord names the units as a group: the configured word or the
// catalog's.
func (r *report) unitWord() string {
	if s := r.d.UnitWord.In(r.lang()); s != "" {
		return s
	}
	return r.p.T("pdf.units_word")
}

// closing writes the report's last paragraph, which ends with "./.".
func (r *report) closing() {
	r.pg.f.Ln(2)
	r.pg.font("I", smallPt)
	r.pg.para(r.p.T("pdf.source", "time", r.p.DateTime(r.d.Built.In(r.loc))), 0, 5.5, "J")
	r.body(r.p.T("pdf.closing", "program", r.d.Program.In(r.lang()), "period", r.period()))
}

// signature writes "Nơi nhận:" and its lines on the left, the signer's
// title, the room to sign and the name on the right, on a new page when
// they do not fit under the text.
func (r *report) signature() {
	pg, f := r.pg, r.pg.f
	const need = 60.0
	if f.GetY()+need > pageH-marginBottom {
		f.AddPage()
	}
	y := f.GetY() + 4
	pg.font("BI", 12)
	f.SetXY(marginL, y)
	f.CellFormat(leftW, 5.5, r.p.T("pdf.recipients"), "", 0, "L", false, 0, "")
	ly := y + 5.5
	pg.font("", 11)
	for _, line := range r.h.Recipients {
		for _, l := range pg.lines("- "+line, leftW) {
			f.SetXY(marginL, ly)
			f.CellFormat(leftW, 5, l, "", 0, "L", false, 0, "")
			ly += 5
		}
	}
	ry := y
	pg.font("B", bodyPt)
	for _, line := range r.h.SignerTitle {
		ry = pg.block(line, rightX, ry, rightW, bodyLead)
	}
	ry += 28 // room for the signature and the seal
	if r.h.Signer != "" {
		pg.block(r.h.Signer, rightX, ry, rightW, bodyLead)
	}
}

// roman writes n (1–39) in Roman numerals, as the parts are numbered.
func roman(n int) string {
	var b strings.Builder
	for _, v := range []struct {
		n int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for ; n >= v.n; n -= v.n {
			b.WriteString(v.s)
		}
	}
	return b.String()
}

// lowerFirst lowers the first letter of s, to use a name inside a sentence.
func lowerFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if c == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(c)) + s[n:]
}
