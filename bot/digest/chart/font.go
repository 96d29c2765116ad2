package chart

import (
	"fmt"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	stdfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// The chart draws every text in Liberation Sans 2.1 (SIL Open Font License
// 1.1; metric-compatible with Arial, the face of Vietnamese office
// documents). It covers the whole Vietnamese alphabet: the precomposed
// letters of Latin Extended Additional (U+1EA0–U+1EF9) and Đ đ Ơ ơ Ư ư, which
// the Go fonts lack. The TTF bytes come from codeberg.org/go-fonts/liberation,
// the go:embed package gonum.org/v1/plot itself links in for its default
// fonts, so they add nothing to the binary. TestVietnameseCoverage checks
// every letter against these exact bytes.
const typeface font.Typeface = "FieldbotSans"

// faces are the chart's regular and bold faces, in the order of loadFonts.
var faces = []struct {
	weight stdfont.Weight
	ttf    []byte
}{
	{stdfont.WeightNormal, liberationsansregular.TTF},
	{stdfont.WeightBold, liberationsansbold.TTF},
}

// fonts parses the faces once into a cache of the chart's own, so that the
// chart neither depends on nor changes plot's global default fonts.
var fonts = sync.OnceValues(func() (text.Handler, error) {
	coll := make(font.Collection, 0, len(faces))
	for _, f := range faces {
		face, err := opentype.Parse(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("chart: font: %w", err)
		}
		coll = append(coll, font.Face{Font: font.Font{Typeface: typeface, Weight: f.weight}, Face: face})
	}
	return text.Plain{Fonts: font.NewCache(coll)}, nil
})

// sans is the chart's font at size pt (points; 1 px = 0.75 pt at 96 dpi).
func sans(pt float64, bold bool) font.Font {
	f := font.Font{Typeface: typeface, Size: font.Length(pt)}
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return f
}
