package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestPNG checks that the chart of the sample with a forecast decodes as a
// PNG Width wide and at most MaxSide tall in both languages, that the bar
// colours, the target line and the demo mark are drawn, and that the same
// digest gives the same bytes. It runs in parallel with TestManyUnits, so
// -race also checks the shared fonts.
func TestPNG(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		b, err := PNG(digesttest.WithForecast(), lang)
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if again, _ := PNG(digesttest.WithForecast(), lang); !bytes.Equal(b, again) {
			t.Errorf("%s: two renderings of the same digest differ", lang)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: decode: %v", lang, err)
		}
		if got := img.Bounds().Size(); got.X != Width || got.Y > MaxSide || got.Y < 900 {
			t.Errorf("%s: size %v, want %d wide and 900 to %d tall", lang, got, Width, MaxSide)
		}
		counts := colours(t, img)
		for name, c := range map[string]color.RGBA{"below": colBelow, "above": colAbove, "target": colTarget, "demo": colDemo, "track": colTrack} {
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

// texts renders d and returns what was drawn and the picture's size.
func texts(t *testing.T, d *digest.Digest, lang i18n.Lang) (*painter, image.Point) {
	t.Helper()
	c, pt, err := render(d, lang)
	if err != nil {
		t.Fatal(err)
	}
	return pt, c.Image().Bounds().Size()
}

// joined is every text drawn, one a line.
func (pt *painter) joined() string {
	var b strings.Builder
	for _, d := range pt.texts {
		b.WriteString(d.text + "\n")
	}
	return b.String()
}

// TestReadableOnAPhone: every text is at least MinTextPx pixels high in a
// picture no larger than MaxSide a side (what Telegram keeps of a photo
// unscaled), and lies inside the picture without touching another.
func TestReadableOnAPhone(t *testing.T) {
	for name, d := range map[string]func() *digest.Digest{"sample": digesttest.Sample, "forecast": digesttest.WithForecast, "many": many} {
		for _, lang := range i18n.Langs {
			pt, size := texts(t, d(), lang)
			if size.X > MaxSide || size.Y > MaxSide {
				t.Errorf("%s %s: %v is larger than %d a side: Telegram would scale the text down", name, lang, size, MaxSide)
			}
			if len(pt.texts) < 20 {
				t.Fatalf("%s %s: only %d texts drawn", name, lang, len(pt.texts))
			}
			for i, a := range pt.texts {
				if a.sizePx < MinTextPx {
					t.Errorf("%s %s: %q drawn at %.1f px, want at least %d", name, lang, a.text, a.sizePx, MinTextPx)
				}
				if a.left < 0 || a.right > float64(size.X) || a.top < 0 || a.bottom > float64(size.Y) {
					t.Errorf("%s %s: %q at x %.0f–%.0f y %.0f–%.0f is outside %v", name, lang, a.text, a.left, a.right, a.top, a.bottom, size)
				}
				for _, b := range pt.texts[i+1:] {
					if a.left < b.right && b.left < a.right && a.top < b.bottom-2 && b.top < a.bottom-2 {
						t.Errorf("%s %s: %q and %q overlap", name, lang, a.text, b.text)
					}
				}
			}
		}
	}
}

// TestPanels checks what the sample's chart says: the period's human name,
// the household target with its trend, target line and forecast, one panel
// per programme item with the district's amounts and ratio, then the units
// furthest behind, lowest ratio first, and how many more there are.
func TestPanels(t *testing.T) {
	pt, _ := texts(t, digesttest.WithForecast(), i18n.VI)
	got := pt.joined()
	for _, want := range []string{
		"Tiến độ thực hiện – Tuần 38 (14/09–20/09/2020)\n",
		"Số hộ thoát nghèo từ đầu năm: 215/301 hộ (71,4%)\n",
		"Chỉ tiêu: 301 hộ\n",
		"khoảng 281 (31/12)\n", // 215 + 4,5 × 102/7
		"Tuần 34\n", "Tuần 38\n", "31/12\n",
		"Với tốc độ 4 tuần gần đây: khoảng 281/301 hộ đến 31/12; cần 6 hộ mỗi tuần.\n",
		"Dự án 2 (CT 135) – Tiểu dự án 1: Đầu tư cơ sở hạ tầng\n",
		"Tổng cộng\n5.989,0/11.041,0 triệu đồng (54,2%)\n",
		"Xã Bằng Phúc\n188,2/570,3 (33,0%)\n",
		"Xã Nam Cường (số liệu 10/09)\n153,4/526,0 (29,2%)\n",
		"Tổng cộng\n160,0/160,0 triệu đồng (100%)\nThị trấn Bằng Lũng\n160,0/160,0 (100%)\n",
		"và 16 đơn vị khác (đầy đủ trong bảng tính)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q; it says:\n%s", want, got)
		}
	}
	if strings.Contains(got, "2020-W38") || strings.Contains(got, "kỳ 2020") {
		t.Errorf("a period key is drawn:\n%s", got)
	}
	// The infrastructure panel names its units lowest ratio first.
	l := plan(digesttest.WithForecast(), i18n.For(i18n.VI))
	if len(l.items) != 3 || len(l.targets) != 1 || l.rows != 3 {
		t.Fatalf("%d items, %d targets, %d rows; want 3, 1, 3", len(l.items), len(l.targets), l.rows)
	}
	if l := plan(digesttest.Sample(), i18n.For(i18n.VI)); l.rows != 5 {
		t.Errorf("without a trend panel %d rows, want 5", l.rows)
	}
	rows := l.items[0].rows
	for i := 1; i < len(rows); i++ {
		if rows[i].rate() < rows[i-1].rate() {
			t.Errorf("%s (%.1f%%) after %s (%.1f%%)", rows[i].name, rows[i].rate(), rows[i-1].name, rows[i-1].rate())
		}
	}
	en := texts2(t, digesttest.WithForecast(), i18n.EN)
	for _, want := range []string{"Progress – Week 38 (14/09–20/09/2020)\n", "Total\n5,989.0/11,041.0 million VND (54.2%)\n", "Target: 301 households\n"} {
		if !strings.Contains(en, want) {
			t.Errorf("English chart lacks %q; it says:\n%s", want, en)
		}
	}
}

func texts2(t *testing.T, d *digest.Digest, lang i18n.Lang) string {
	pt, _ := texts(t, d, lang)
	return pt.joined()
}

// TestOverPlan: a bar over its plan is drawn in its own colour, said in
// the legend, and its label shows the ratio over 100%; without one the
// legend does not mention it.
func TestOverPlan(t *testing.T) {
	d := digesttest.WithForecast()
	img := func(d *digest.Digest) map[color.RGBA]int {
		b, err := PNG(d, i18n.VI)
		if err != nil {
			t.Fatal(err)
		}
		m, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return colours(t, m)
	}
	if n := img(d)[colOver]; n != 0 {
		t.Errorf("%d orange pixels without a unit over plan", n)
	}
	if strings.Contains(texts2(t, d, i18n.VI), "Vượt kế hoạch vốn") {
		t.Error("legend says over plan without a unit over plan")
	}
	d.Units[0].Values[digesttest.P3Disbursed] = 200 // Bằng Lũng: 200/160
	d.Items[2].Fields[1].Value = 200
	got := texts2(t, d, i18n.VI)
	for _, want := range []string{"Vượt kế hoạch vốn\n", "Thị trấn Bằng Lũng\n200,0/160,0 (125%)\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q:\n%s", want, got)
		}
	}
	if n := img(d)[colOver]; n < 5000 {
		t.Errorf("%d orange pixels for two bars over plan", n)
	}
}

// TestNoHistory: without a forecast the target is one bar, with a note
// that there is not yet enough history.
func TestNoHistory(t *testing.T) {
	got := texts2(t, digesttest.Sample(), i18n.VI)
	for _, want := range []string{"Tổng cộng\n215/301 hộ (71,4%)\n", "Chưa đủ số liệu 4 tuần để tính tốc độ và dự báo.\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Chỉ tiêu: 301") {
		t.Errorf("a target line without a trend:\n%s", got)
	}
}

// many is a province-sized digest: 1,000 units, one without figures.
func many() *digest.Digest {
	d := digesttest.WithForecast()
	base := d.Units
	d.Units = nil
	for i := range 1000 {
		u := base[i%len(base)]
		u.Code = fmt.Sprintf("%s-%d", u.Code, i)
		u.Name = i18n.Text{i18n.VI: fmt.Sprintf("%s %d", u.Name[i18n.VI], i), i18n.EN: fmt.Sprintf("%s %d", u.Name[i18n.EN], i)}
		d.Units = append(d.Units, u)
	}
	d.Units[42].HasData, d.Units[42].Reported = false, false
	return d
}

// TestManyUnits: at 1,000 units each item names its worst units (the one
// without figures first, "chưa có số liệu") and how many more there are,
// and the picture keeps its size.
func TestManyUnits(t *testing.T) {
	t.Parallel()
	d := many()
	got := texts2(t, d, i18n.VI)
	l := plan(d, i18n.For(i18n.VI))
	infra := l.items[0]
	if infra.rows[0].data || len(infra.rows) != 950 {
		t.Fatalf("first row %+v of %d", infra.rows[0], len(infra.rows))
	}
	for _, want := range []string{"Xã Bằng Lãng 42\nchưa có số liệu\n", fmt.Sprintf("và %s đơn vị khác", i18n.For(i18n.VI).Int(int64(950-l.rows)))} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q:\n%s", want, got)
		}
	}
	b, err := PNG(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != Width || img.Bounds().Dy() > MaxSide {
		t.Errorf("size %v", img.Bounds())
	}
}

// TestNoPlan: without any target or plan there is nothing to draw, and the
// caller is told so with ErrNoPlan rather than sent an empty picture.
func TestNoPlan(t *testing.T) {
	d := digesttest.Sample()
	d.Headline, d.Items = nil, nil
	if _, err := PNG(d, i18n.VI); !errors.Is(err, ErrNoPlan) {
		t.Fatalf("err = %v, want ErrNoPlan", err)
	}
	if _, err := PNG(&digest.Digest{}, i18n.EN); !errors.Is(err, ErrNoPlan) {
		t.Fatalf("empty digest: err = %v, want ErrNoPlan", err)
	}
}

// BenchmarkPNG draws the 20-unit sample with its forecast.
func BenchmarkPNG(b *testing.B) {
	d := digesttest.WithForecast()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(d, i18n.VI); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMonthlyTrend: a monthly configuration's trend names months and the
// forecast speaks of months.
func TestMonthlyTrend(t *testing.T) {
	d := digesttest.WithForecast()
	spec := bot.PeriodSpec{Kind: bot.Monthly}
	loc := d.Period.Start.Location()
	for i := range d.Forecasts {
		for j, key := range []string{"2020-05", "2020-08", "2020-09"} {
			p, err := spec.ParsePeriod(key, loc)
			if err != nil {
				t.Fatal(err)
			}
			d.Forecasts[i].Trend[j].Period = p
		}
	}
	got := texts2(t, d, i18n.VI)
	for _, want := range []string{"Tháng 5\n", "Tháng 9\n", "Với tốc độ 4 tháng gần đây", "mỗi tháng."} {
		if !strings.Contains(got, want) {
			t.Errorf("chart lacks %q:\n%s", want, got)
		}
	}
}
