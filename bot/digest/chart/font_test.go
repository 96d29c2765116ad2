package chart

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

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

// TestTextComposes checks that decomposed names (as some keyboards type
// them) are drawn with composed letters, and that a text too wide for its
// room is cut with "…" to fit it.
func TestTextComposes(t *testing.T) {
	h, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	c := vgimg.NewWith(vgimg.UseWH(px(400), px(100)), vgimg.UseDPI(dpi))
	pt := &painter{c: draw.New(c), h: h, height: 100}
	pt.text("Xa\u0303 \u0110o\u0302\u0300ng Tha\u0306\u0301ng", 24, false, colInk, 0, 50, left, 400)
	if got := pt.texts[0].text; got != "Xã Đồng Thắng" {
		t.Errorf("drawn %q", got)
	}
	full := pt.widthOf("Xã Đồng Thắng", 24, false)
	pt.text("Xã Đồng Thắng", 24, false, colInk, 0, 50, left, full*0.6)
	if got := pt.texts[1]; !strings.HasSuffix(got.text, "…") || got.right-got.left > full*0.6 || len(got.text) < 5 {
		t.Errorf("cut to %q, %.0f px wide for %.0f", got.text, got.right-got.left, full*0.6)
	}
}
