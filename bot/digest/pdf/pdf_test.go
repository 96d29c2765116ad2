package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// render writes the sample's report in lang under the demo's letterhead.
func render(t *testing.T, d *digest.Digest, lang i18n.Lang) []byte {
	t.Helper()
	b, err := Report(d, HeadFor(config.Demo(), lang), lang)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	return b
}

// mustHaveLines fails for each want that is not one of lines.
func mustHaveLines(t *testing.T, lines []string, want ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, l := range lines {
		have[l] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("no line %q in:\n%s", w, strings.Join(lines, "\n"))
		}
	}
}

// TestReportText reads the text back out of the PDF: the national title
// and motto, the letterhead, the number and date line, the title, the
// district totals with their rates, the units to follow up, the quoted
// difficulties, "Nơi nhận" and the signature, in Vietnamese and English.
func TestReportText(t *testing.T) {
	lines := pdfLines(t, render(t, digesttest.Sample(), i18n.VI))
	mustHaveLines(t, lines,
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"UBND HUYỆN CHỢ ĐỒN", "BAN CHỈ ĐẠO CÁC CTMTQG",
		"Số: …/BC-BCĐ", "Chợ Đồn, ngày 21 tháng 9 năm 2020",
		"BÁO CÁO",
		"I. KẾT QUẢ THỰC HIỆN", "II. CÁC ĐƠN VỊ CẦN TIẾP TỤC ĐÔN ĐỐC", "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ",
		// the district figures: value, plan, rate
		"215", "301", "71,4%",
		"5.989,0", "11.041,0", "54,2%",
		"2.620,0", "3.157,0", "83,0%",
		"160,0", "100%",
		"Nơi nhận:", "- Lưu: VT.",
		"KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Hà Đức Thắng",
	)
	all := strings.Join(lines, " ")
	for _, want := range []string{
		"Tình hình thực hiện Chương trình MTQG giảm nghèo bền vững tuần 38 (14/09–20/09/2020)",
		"18/20 đơn vị đã gửi báo cáo",
		"Xã Nam Cường", "Xã Yên Thịnh",
		"DỮ LIỆU MẪU",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	en := pdfLines(t, render(t, digesttest.Sample(), i18n.EN))
	mustHaveLines(t, en, "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness", "REPORT",
		"5,989.0", "11,041.0", "54.2%", "Recipients:", "Chợ Đồn, 21/09/2020")
}

// TestReportQuotesNotesNotNothing: a difficulty is quoted; "không" is not.
func TestReportQuotesNotesNotNothing(t *testing.T) {
	d := digesttest.Sample()
	if len(d.Notes) == 0 {
		t.Fatal("the sample has no notes")
	}
	all := strings.Join(pdfLines(t, render(t, d, i18n.VI)), " ")
	if !strings.Contains(all, `"`+d.Notes[0].Text+`"`) {
		t.Errorf("note %q not quoted in:\n%s", d.Notes[0].Text, all)
	}
	d.Notes = nil
	all = strings.Join(pdfLines(t, render(t, d, i18n.VI)), " ")
	if !strings.Contains(all, "không báo cáo khó khăn") {
		t.Errorf("no words for no notes in:\n%s", all)
	}
}

// TestReportIsReproducible: the same digest gives the same bytes (the
// dates written in the file are the digest's, not the clock's).
func TestReportIsReproducible(t *testing.T) {
	if dir := os.Getenv("FIELDBOT_PDF_OUT"); dir != "" { // for a look: FIELDBOT_PDF_OUT=/tmp/x go test
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			if err := os.WriteFile(filepath.Join(dir, "report-"+string(lang)+".pdf"), render(t, digesttest.Sample(), lang), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	a, b := render(t, digesttest.Sample(), i18n.VI), render(t, digesttest.Sample(), i18n.VI)
	if !bytes.Equal(a, b) {
		t.Error("two renderings of one digest differ")
	}
}

// TestReportWithPoppler checks the file with poppler's pdftotext, a reader
// that is not ours: the fonts' Unicode maps give back the Vietnamese text.
// It skips where poppler-utils is not installed.
func TestReportWithPoppler(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install -y poppler-utils): the PDF is read only by the test's own reader")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(in, render(t, digesttest.Sample(), i18n.VI), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
		"5.989,0", "11.041,0", "54,2%", "215", "71,4%", "PHÓ TRƯỞNG BAN", "Hà Đức Thắng"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

// TestHeadDefaults: without a report section, the letterhead is the
// area's name in capitals above the catalog's issuer, the place is the
// area's name before its comma, and the first chair signs with their title.
func TestHeadDefaults(t *testing.T) {
	cfg := config.Demo()
	cfg.Report = bot.ReportSpec{}
	h := HeadFor(cfg, i18n.VI)
	want := Head{Parent: "HUYỆN CHỢ ĐỒN, TỈNH BẮC KẠN", Issuer: "BAN CHỈ ĐẠO", Symbol: "BC-BCĐ", Place: "Huyện Chợ Đồn",
		SignerTitle: []string{"PHÓ CHỦ TỊCH UBND HUYỆN, TRƯỞNG BAN CHỈ ĐẠO"}, Signer: "Hà Đức Thắng", Recipients: []string{"Lưu: VT."}}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("head = %+v\nwant %+v", h, want)
	}
	cfg.Members = nil // no chair: the catalog's title, no name
	if h := HeadFor(cfg, i18n.EN); !reflect.DeepEqual(h.SignerTitle, []string{"HEAD OF THE COMMITTEE"}) || h.Signer != "" {
		t.Errorf("head without a chair = %+v", h)
	}
}

// TestDateLine: days below 10 and the months January and February take a
// leading zero in Vietnamese, as Nghị định 30 asks.
func TestDateLine(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		lang i18n.Lang
		want string
	}{
		{time.Date(2020, 9, 21, 8, 0, 0, 0, time.UTC), i18n.VI, "Chợ Đồn, ngày 21 tháng 9 năm 2020"},
		{time.Date(2021, 2, 5, 8, 0, 0, 0, time.UTC), i18n.VI, "Chợ Đồn, ngày 05 tháng 02 năm 2021"},
		{time.Date(2020, 12, 9, 8, 0, 0, 0, time.UTC), i18n.VI, "Chợ Đồn, ngày 09 tháng 12 năm 2020"},
		{time.Date(2020, 9, 1, 8, 0, 0, 0, time.UTC), i18n.EN, "Chợ Đồn, 01/09/2020"},
	} {
		r := &report{d: &digest.Digest{Built: c.at}, h: Head{Place: "Chợ Đồn"}, p: i18n.For(c.lang), loc: time.UTC}
		if got := r.dateLine(); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.at.Format(time.DateOnly), c.lang, got, c.want)
		}
	}
}

// TestReportFollowUp: the lists of part II are lettered as they come; the
// units that rated themselves at the worst level are named.
func TestReportFollowUp(t *testing.T) {
	d := digesttest.Sample()
	cfg := config.Demo()
	f, _, _ := cfg.Form.Field("progress")
	rt := digest.Rating{Field: f.ID, Label: f.Label}
	for _, c := range f.Choices {
		rt.Choices = append(rt.Choices, digest.ChoiceCount{ID: c.ID, Label: c.Label})
	}
	rt.Choices[0].Units = []string{"ban-thi", "xuan-lac"}
	rt.Choices[2].Units = []string{"bang-phuc"}
	d.Ratings = []digest.Rating{rt}
	all := strings.Join(pdfLines(t, render(t, d, i18n.VI)), " ")
	for _, want := range []string{
		"a) Đơn vị chưa gửi báo cáo trong kỳ (2/20):",
		"b) Đơn vị có tỷ lệ giải ngân vốn thấp nhất:",
		"c) Đánh giá chung tiến độ thực hiện (3 đơn vị tự đánh giá): 2 đúng tiến độ; 0 chậm tiến độ; 1 có nguy cơ không đạt.",
		"- Xã Bằng Phúc: có nguy cơ không đạt;",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	for i := range d.Units {
		d.Units[i].Reported = true
	}
	all = strings.Join(pdfLines(t, render(t, d, i18n.VI)), " ")
	if !strings.Contains(all, "Cả 20 đơn vị đã gửi báo cáo trong kỳ. a) Đơn vị có tỷ lệ giải ngân") {
		t.Errorf("with every unit reported, the lists are not lettered from a):\n%s", all)
	}
}

// TestReportNamesLateUnits: part II lists the units whose report of the
// period was filed late, with who filed it and when, in both languages; a
// silent unit whose older report was late is not listed, and with none
// late there is no such list.
func TestReportNamesLateUnits(t *testing.T) {
	d := digesttest.Sample()
	var late, silent digest.UnitRow
	for i := range d.Units {
		u := &d.Units[i]
		switch {
		case u.Code == "bang-phuc":
			u.Late, late = true, *u
		case !u.Reported && silent.Code == "":
			u.Late, silent = true, *u
		}
	}
	d.Late = 1
	loc := d.Period.Start.Location()
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		p := i18n.For(lang)
		all := strings.Join(pdfLines(t, render(t, d, lang)), " ")
		for _, want := range []string{
			p.T("pdf.late", "n", 1, "total", d.Reported),
			p.T("pdf.late_line", "unit", late.Name.In(lang), "member", late.Member, "date", p.Date(late.AsOf.In(loc))),
		} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: no %q in:\n%s", lang, want, all)
			}
		}
		if line := p.T("pdf.late_line", "unit", silent.Name.In(lang), "member", silent.Member, "date", p.Date(silent.AsOf.In(loc))); strings.Contains(all, line) {
			t.Errorf("%s: the silent %s is listed as late", lang, silent.Code)
		}
	}
	for i := range d.Units {
		d.Units[i].Late = false
	}
	d.Late = 0
	heading, _, _ := strings.Cut(i18n.For(i18n.VI).T("pdf.late", "n", 0, "total", d.Reported), " (")
	if all := strings.Join(pdfLines(t, render(t, d, i18n.VI)), " "); strings.Contains(all, heading) {
		t.Errorf("a list of late units with none late:\n%s", all)
	}
}

// TestLongTableRepeatsItsHeader: a table that runs over pages starts each
// of them with its header row.
func TestLongTableRepeatsItsHeader(t *testing.T) {
	d := digesttest.Sample()
	items := d.Items
	for range 8 {
		d.Items = append(d.Items, items...)
	}
	data := render(t, d, i18n.VI)
	lines := pdfLines(t, data)
	heads, pages := 0, bytes.Count(data, []byte("/Type /Page\n"))
	for _, l := range lines {
		if l == "STT" {
			heads++
		}
	}
	t.Logf("%d pages, %d header rows", pages, heads)
	if pages < 3 || heads < 2 || heads > pages {
		t.Errorf("%d pages, %d header rows: the header is not repeated on each page of the table", pages, heads)
	}
	mustHaveLines(t, lines, "28") // the headline and 27 items, numbered

}

// TestRendererSignerFromDigestRoster: with no signer in the report section,
// the signature names the first chair of the roster the digest was built
// from (the database's), not the configuration's.
func TestRendererSignerFromDigestRoster(t *testing.T) {
	cfg := config.Demo()
	cfg.Report.Signer = ""
	d := digesttest.Sample()
	d.Members = []bot.Member{{ID: "nguyen-van-moi", Name: "Nguyễn Văn Mới", Role: bot.RoleChair, Title: i18n.Text{i18n.VI: "Chủ tịch UBND huyện"}}}
	b, err := Renderer(cfg).Render(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	mustHaveLines(t, pdfLines(t, b), "Nguyễn Văn Mới")
}
