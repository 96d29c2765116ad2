package pdf

import (
	"codeberg.org/go-fonts/liberation/liberationserifbold"
	"codeberg.org/go-fonts/liberation/liberationserifbolditalic"
	"codeberg.org/go-fonts/liberation/liberationserifitalic"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"codeberg.org/go-pdf/fpdf"
)

// serif is the report's typeface: Liberation Serif 2.1 (SIL Open Font
// License 1.1), the metric twin of Times New Roman, the face Nghị định
// 30/2020/NĐ-CP asks of administrative documents. It has every Vietnamese
// letter (U+1EA0–U+1EF9, Đ đ Ơ ơ Ư ư). The TTF bytes come from
// codeberg.org/go-fonts/liberation, already linked in for the chart; fpdf
// embeds the subset of glyphs the report uses.
const serif = "FieldbotSerif"

// addFonts registers the four styles of the typeface with f.
func addFonts(f *fpdf.Fpdf) {
	for _, s := range []struct {
		style string
		ttf   []byte
	}{
		{"", liberationserifregular.TTF},
		{"B", liberationserifbold.TTF},
		{"I", liberationserifitalic.TTF},
		{"BI", liberationserifbolditalic.TTF},
	} {
		f.AddUTF8FontFromBytes(serif, s.style, s.ttf)
	}
}
