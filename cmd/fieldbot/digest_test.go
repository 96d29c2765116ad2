package main

import (
	"bytes"
	pngpkg "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSeededDigestMatchesTheDocument is the acceptance test of the digest:
// the demo database seeded through the engine gives, for 2020-W38, exactly
// the totals Chợ Đồn reported and the ratios computed from them.
func TestSeededDigestMatchesTheDocument(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	out, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports")
	if code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errOut)
	}
	mustHave(t, out, "20 đơn vị cho 2 tuần")
	for _, lang := range []string{"vi", "en"} {
		_, errOut, code = runCmd(t, "", "digest", "--db", db, "--period", "2020-W38", "--out", dir, "--lang", lang)
		if code != 0 {
			t.Fatalf("digest %s: exit %d: %s", lang, code, errOut)
		}
		text, err := os.ReadFile(filepath.Join(dir, "tonghop-2020-W38-"+lang+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "digest_2020-W38_"+lang+".golden", string(text))
	}
	png, err := os.ReadFile(filepath.Join(dir, "tonghop-2020-W38-vi.png"))
	if err != nil {
		t.Fatal(err)
	}
	if img, err := pngpkg.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() != 1200 {
		t.Errorf("chart: %v", err)
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "tonghop-2020-W38-vi.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if n := len(book.GetSheetList()); n < 4 {
		t.Errorf("workbook has %d sheets", n)
	}
	vi, _ := os.ReadFile(filepath.Join(dir, "tonghop-2020-W38-vi.txt"))
	mustHave(t, string(vi),
		"20/20 xã, thị trấn đã báo cáo",
		"215/301 hộ, đạt 71,4%",
		"41/41 công trình (100%)",
		"5.989,0/11.041,0 triệu đồng (54,2%)",
		"19/19 dự án (100%)",
		"2.620,0/3.157,0 triệu đồng (83,0%)",
		"1/1 dự án (100%)",
		"160,0/160,0 triệu đồng (100%)",
		"tăng 477,0 triệu đồng so với kỳ trước")
	en, _ := os.ReadFile(filepath.Join(dir, "tonghop-2020-W38-en.txt"))
	mustHave(t, string(en), "5,989.0/11,041.0 million VND (54.2%)", "215/301")
	// The week before is there too, and its digest differs.
	_, _, code = runCmd(t, "", "digest", "--db", db, "--period", "2020-W37", "--out", dir)
	w37, _ := os.ReadFile(filepath.Join(dir, "tonghop-2020-W37-vi.txt"))
	if code != 0 || !strings.Contains(string(w37), "5.512,0/11.041,0") {
		t.Errorf("2020-W37 digest: exit %d\n%s", code, w37)
	}
}

func TestDigestBadInputs(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"digest", "--period", "2020-W38"}, 2, "--db"},
		{[]string{"digest", "--db", filepath.Join(dir, "x.db"), "--period", "tuần 38"}, 1, "tuần 38"},
		{[]string{"digest", "--db", filepath.Join(dir, "x.db"), "--lang", "fr"}, 2, "--lang"},
	} {
		_, errOut, code := runCmd(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errOut)
		}
	}
}
