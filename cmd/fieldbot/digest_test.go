package main

import (
	"bytes"
	pngpkg "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot/digest/chart"
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
	// The files are named in each language's words.
	textName := map[string]string{"vi": "tong-hop-tuan-38-2020.txt", "en": "digest-week-38-2020.txt"}
	for _, lang := range []string{"vi", "en"} {
		_, errOut, code = runCmd(t, "", "digest", "--db", db, "--period", "2020-W38", "--out", dir, "--lang", lang)
		if code != 0 {
			t.Fatalf("digest %s: exit %d: %s", lang, code, errOut)
		}
		text, err := os.ReadFile(filepath.Join(dir, textName[lang]))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "digest_2020-W38_"+lang+".golden", string(text))
	}
	png, err := os.ReadFile(filepath.Join(dir, "tong-hop-tuan-38-2020.png"))
	if err != nil {
		t.Fatal(err)
	}
	if img, err := pngpkg.Decode(bytes.NewReader(png)); err != nil || img.Bounds().Dx() != chart.Width || img.Bounds().Dy() > chart.MaxSide {
		t.Errorf("chart: %v", err)
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "tong-hop-tuan-38-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if n := len(book.GetSheetList()); n < 4 {
		t.Errorf("workbook has %d sheets", n)
	}
	checkSeededBook(t, book)
	vi, _ := os.ReadFile(filepath.Join(dir, "tong-hop-tuan-38-2020.txt"))
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
	en, _ := os.ReadFile(filepath.Join(dir, "digest-week-38-2020.txt"))
	mustHave(t, string(en), "5,989.0/11,041.0 million VND (54.2%)", "215/301")
	// The week before is there too, and its digest differs.
	_, _, code = runCmd(t, "", "digest", "--db", db, "--period", "2020-W37", "--out", dir)
	w37, _ := os.ReadFile(filepath.Join(dir, "tong-hop-tuan-37-2020.txt"))
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

// TestDigestPDF: --pdf adds the official report to the files written, and
// only then; its text (read with pdftotext where poppler-utils is
// installed) has the title, the district totals and the signature.
func TestDigestPDF(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if _, errOut, code := runCmd(t, "", "demo", "--db", db, "--seed-reports"); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errOut)
	}
	plain, with := filepath.Join(dir, "plain"), filepath.Join(dir, "with")
	if _, errOut, code := runCmd(t, "", "digest", "--db", db, "--period", "2020-W38", "--out", plain); code != 0 {
		t.Fatalf("digest: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(plain, "tong-hop-tuan-38-2020.pdf")); !os.IsNotExist(err) {
		t.Errorf("a PDF without --pdf: %v", err)
	}
	out, errOut, code := runCmd(t, "", "digest", "--db", db, "--period", "2020-W38", "--out", with, "--pdf")
	if code != 0 {
		t.Fatalf("digest --pdf: exit %d: %s", code, errOut)
	}
	path := filepath.Join(with, "tong-hop-tuan-38-2020.pdf")
	mustHave(t, out, path)
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("report: %v %q", err, data[:min(len(data), 8)])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install -y poppler-utils): the report's text is checked in bot/digest/pdf")
	}
	text, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, string(text), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "20/20 xã, thị trấn",
		"5.989,0", "11.041,0", "54,2%", "215", "301", "71,4%", "PHÓ TRƯỞNG BAN", "Hà Đức Thắng")
}

// checkSeededBook checks the workbook of the seeded 2020-W38: the summary's
// title block, every unit's answers as filed through the engine, and the
// difficulties and proposals quoted.
func checkSeededBook(t *testing.T, book *excelize.File) {
	t.Helper()
	cells := func(sheet string) string {
		rows, err := book.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "|"))
		}
		return strings.Join(out, "\n")
	}
	mustHave(t, cells("Tổng hợp"), "Kỳ báo cáo|Tuần 38 (14/09–20/09/2020)", "Chương trình|Chương trình MTQG giảm nghèo bền vững",
		"Địa bàn|Huyện Chợ Đồn, tỉnh Bắc Kạn", "Lập lúc|")
	figures := cells("Số liệu báo cáo")
	mustHave(t, figures, "Đánh giá chung tiến độ thực hiện", "|Xã Bằng Phúc|Có|", "Mưa lũ kéo dài")
	if n := strings.Count(figures, "|Có|"); n != 20 {
		t.Errorf("%d units reported in the figures sheet, want 20:\n%s", n, figures)
	}
	opinions := cells("Tiến độ và ý kiến")
	mustHave(t, opinions, "Xã Bằng Phúc|44091|Khó khăn, vướng mắc|Mưa lũ kéo dài", "Đề nghị tập huấn lại cho cán bộ xã")
}
