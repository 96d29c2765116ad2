package chart

import (
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"fieldbot/bot/digest/digesttest"
)

// vietnamese is every letter of the Vietnamese alphabet in both cases, each
// vowel with each of the five tone marks, composed (NFC) as text arrives,
// plus the whole of Latin Extended Additional's Vietnamese block and the
// punctuation the chart writes.
func vietnamese(t *testing.T) string {
	t.Helper()
	s := "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY aăâbcdđeêghiklmnoôơpqrstuưvxy 0123456789 %,.:()/–·…"
	for _, v := range "AĂÂEÊIOÔƠUƯYaăâeêioôơuưy" {
		for _, tone := range []rune{0x300, 0x301, 0x303, 0x309, 0x323} {
			c := norm.NFC.String(string([]rune{v, tone}))
			if len([]rune(c)) != 1 {
				t.Fatalf("%q + U+%04X does not compose to one letter", v, tone)
			}
			s += c
		}
	}
	for r := rune(0x1EA0); r <= 0x1EF9; r++ {
		s += string(r)
	}
	for _, u := range digesttest.Sample().Units {
		s += u.Name.In("vi") + u.Name.In("en")
	}
	return s
}

// TestVietnameseCoverage checks that each face the chart draws with has a
// glyph for every letter of Vietnamese, so no diacritic renders as a box.
func TestVietnameseCoverage(t *testing.T) {
	sample := vietnamese(t)
	for _, f := range faces {
		fnt, err := sfnt.Parse(f.ttf)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := fnt.Name(nil, sfnt.NameIDFull)
		var buf sfnt.Buffer
		for _, r := range sample {
			if g, err := fnt.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("%s: no glyph for %q (U+%04X)", name, r, r)
			}
		}
	}
}

// TestLabelComposes checks that decomposed names (as some keyboards type
// them) are drawn with composed letters, and long ones are cut.
func TestLabelComposes(t *testing.T) {
	if got := label("Xa\u0303 \u0110o\u0302\u0300ng Tha\u0306\u0301ng", 40); got != "Xã Đồng Thắng" {
		t.Errorf("label = %q", got)
	}
	if got := label("Xã Đồng Thắng", 6); got != "Xã Đồ…" {
		t.Errorf("label = %q", got)
	}
}
