package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestPNG checks that the chart of the sample decodes as a PNG of the
// documented size in both languages, that both bar colours and the demo
// mark are drawn, and that the same digest gives the same bytes. It runs in
// parallel with TestManyUnits, so -race also checks the shared fonts.
func TestPNG(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		b, err := PNG(digesttest.Sample(), lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if again, _ := PNG(digesttest.Sample(), lang); !bytes.Equal(b, again) {
			t.Errorf("%s: two renderings of the same digest differ", lang)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: decode: %v", lang, err)
		}
		if got, want := img.Bounds().Size(), (struct{ X, Y int }{Width, 960}); got.X != want.X || got.Y != want.Y {
			t.Errorf("%s: size %v, want %dx%d", lang, got, want.X, want.Y)
		}
		counts := colours(t, img)
		for name, c := range map[string]color.RGBA{"below": colBelow, "above": colAbove, "demo": colDemo} {
			if counts[c] < 50 {
				t.Errorf("%s: %d pixels of the %s colour", lang, counts[c], name)
			}
		}
	}
}

// colours counts the pixels of each colour of an opaque image.
func colours(t *testing.T, img image.Image) map[color.RGBA]int {
	t.Helper()
	var pix []uint8
	switch m := img.(type) {
	case *image.RGBA:
		pix = m.Pix
	case *image.NRGBA:
		pix = m.Pix
	default:
		t.Fatalf("decoded a %T, want an opaque RGB image", img)
	}
	counts := map[color.RGBA]int{}
	for i := 0; i+3 < len(pix); i += 4 {
		counts[color.RGBA{R: pix[i], G: pix[i+1], B: pix[i+2], A: pix[i+3]}]++
	}
	return counts
}

// TestHeight documents the size rule.
func TestHeight(t *testing.T) {
	for n, want := range map[int]int{0: 276, 1: 276, 20: 960, 60: 2400} {
		if got := Height(n); got != want {
			t.Errorf("Height(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestBars checks what is drawn: units with a plan only, lowest first,
// labelled the reader's way, silent units with the date of their figures.
func TestBars(t *testing.T) {
	d := digesttest.Sample()
	d.Units[5].DisbursementRate = -1 // Đại Sảo: no plan
	bars, planned := barsOf(d, i18n.For(i18n.VI))
	if planned != 19 || len(bars) != 19 {
		t.Fatalf("planned %d, bars %d; want 19", planned, len(bars))
	}
	for i := 1; i < len(bars); i++ {
		if bars[i].rate < bars[i-1].rate {
			t.Errorf("bar %d (%s %.1f) after %s %.1f", i, bars[i].name, bars[i].rate, bars[i-1].name, bars[i-1].rate)
		}
	}
	want := []struct{ name, label string }{
		{"Xã Bằng Phúc", "39,4%"}, {"Xã Nam Cường", "39,8% (số liệu 10/09)"}, {"Xã Yên Thịnh", "44,5% (số liệu 10/09)"},
	}
	for i, w := range want {
		if bars[i].name != w.name || bars[i].label != w.label {
			t.Errorf("bar %d = %s %q, want %s %q", i, bars[i].name, bars[i].label, w.name, w.label)
		}
	}
	if last := bars[len(bars)-1]; last.name != "Thị trấn Bằng Lũng" || last.label != "100%" {
		t.Errorf("last bar %s %q", last.name, last.label)
	}
	en, _ := barsOf(d, i18n.For(i18n.EN))
	if en[1].label != "39.8% (as of 10/09)" || en[1].name != "Nam Cường commune" {
		t.Errorf("en bar %s %q", en[1].name, en[1].label)
	}
	if got, want := overallRate(digesttest.Sample()), (5989.0+2620.0+160.0)/(11041.0+3157.0+160.0)*100; math.Abs(got-want) > 1e-9 {
		t.Errorf("overall %v, want %v", got, want)
	}
}

// many is a province-sized digest: 100 units with rates up to 128.7%, one
// without any figures.
func many() *digest.Digest {
	d := digesttest.Sample()
	base := d.Units
	d.Units = nil
	for i := 0; i < 100; i++ {
		u := base[i%len(base)]
		u.Code = fmt.Sprintf("%s-%d", u.Code, i)
		u.DisbursementRate = float64(i) * 1.3
		d.Units = append(d.Units, u)
	}
	d.Units[42].HasData, d.Units[42].Reported = false, false
	return d
}

// TestNoPlan: without any plan there is nothing to draw, and the caller is
// told so with ErrNoPlan rather than sent an empty picture.
func TestNoPlan(t *testing.T) {
	d := digesttest.Sample()
	for i := range d.Units {
		d.Units[i].DisbursementRate = -1
	}
	if _, err := PNG(d, i18n.VI); !errors.Is(err, ErrNoPlan) {
		t.Fatalf("err = %v, want ErrNoPlan", err)
	}
	if _, err := PNG(&digest.Digest{}, i18n.EN); !errors.Is(err, ErrNoPlan) {
		t.Fatalf("empty digest: err = %v, want ErrNoPlan", err)
	}
}

// TestManyUnits: a province's 100 units are cut to the MaxBars lowest; a
// unit without figures is drawn first, labelled, without a bar; a rate above
// 100% widens the axis.
func TestManyUnits(t *testing.T) {
	t.Parallel()
	d := many()
	bars, planned := barsOf(d, i18n.For(i18n.VI))
	if planned != 100 || len(bars) != MaxBars || bars[0].data || bars[0].label != "chưa có số liệu" {
		t.Fatalf("planned %d, bars %d, first %+v", planned, len(bars), bars[0])
	}
	b, err := PNG(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != Width || img.Bounds().Dy() != Height(MaxBars) {
		t.Errorf("size %v", img.Bounds())
	}
}

// BenchmarkPNG draws the 20-unit sample.
func BenchmarkPNG(b *testing.B) {
	d := digesttest.Sample()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(d, i18n.VI); err != nil {
			b.Fatal(err)
		}
	}
}
