package bot_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbot/bot"
	"fieldbot/bot/export"
	"fieldbot/i18n"
)

// newExportHarness is newHarness with the real exporter wired in.
func newExportHarness(t *testing.T, cfg *bot.Config) *harness {
	t.Helper()
	h := newHarness(t, cfg)
	h.exporter = export.Exporter{Config: cfg}
	h.restart()
	return h
}

// putReport stores a report of unit for period through the real store, as
// member lan on the console.
func putReport(t *testing.T, db bot.Store, period, unit string, households float64, at time.Time) {
	t.Helper()
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutReport(&bot.Report{Period: period, Unit: unit, Member: "lan", Channel: "console", At: at,
			Values: map[string]bot.Value{"households": {Num: households}, "disbursed": {Num: 250.5}, "progress": {Text: "behind"}, "meeting": {Text: "yes"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// workbook is the one XLSX attached to the last message to member, opened.
func workbook(t *testing.T, h *harness, member string) (*excelize.File, string) {
	t.Helper()
	out := h.last(member)
	if len(out.Attach) != 1 {
		t.Fatalf("attachments %+v, want the workbook", out.Attach)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Attach[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, out.Attach[0].Name
}

// TestExportCommand: an admin's /xuat gets the workbook of every report
// (all the data, one period, or a range), read back with excelize; a bad
// range is told, naming the values, and sends no file.
func TestExportCommand(t *testing.T) {
	h := newExportHarness(t, testConfig(t))
	mustContain(t, h.say("office", "/xuat"), "Chưa có báo cáo nào để xuất.")
	mustContain(t, fillAnBinh(h, true), "Kiểm tra lại")
	mustContain(t, h.say("lan", "/xacnhan"), "Đã lưu báo cáo của Xã An Bình")
	putReport(t, h.db, "2020-W39", "an-binh", 14, h.now.AddDate(0, 0, 7))
	putReport(t, h.db, "2020-W39", "binh-an", 3, h.now.AddDate(0, 0, 7))

	out := h.say("office", "/xuat")
	mustContain(t, out, "Bảng tính báo cáo từ tuần 38 (14/09–20/09/2020) đến tuần 39 (21/09–27/09/2020): 3 báo cáo")
	f, name := workbook(t, h, "office")
	if name != "bao-cao-2020-W38-2020-W39.xlsx" {
		t.Errorf("file name %q", name)
	}
	rows, err := f.GetRows("Báo cáo")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "2020-W38" || rows[1][1] != "an-binh" || rows[3][1] != "binh-an" {
		t.Fatalf("rows %q", rows)
	}
	col := map[string]int{}
	for i, hd := range rows[0] {
		col[hd] = i + 1
	}
	households, _ := excelize.CoordinatesToCellName(col["Số hộ thoát nghèo (hộ)"], 2)
	if typ, _ := f.GetCellType("Báo cáo", households); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("households cell type %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("Báo cáo", households, excelize.Options{RawCellValue: true}); v != "12" {
		t.Errorf("households %q, want 12", v)
	}
	if v := rows[1][col["Tiến độ"]-1]; v != "Chậm tiến độ" {
		t.Errorf("progress %q", v)
	}

	mustContain(t, h.say("office", "/xuat 2020-w39"), "Bảng tính báo cáo tuần 39 (21/09–27/09/2020): 2 báo cáo")
	if _, name := workbook(t, h, "office"); name != "bao-cao-2020-W39-2020-W39.xlsx" {
		t.Errorf("file name %q", name)
	}
	// The period words the other commands take, as a member types them.
	for _, in := range []string{"/xuat tuan 38", "/xuat tuần 37 - tuần 38", "/xuat tuan 37 den tuan 38", "/xuat 2020-W37 tuan 38"} {
		mustContain(t, h.say("office", in), "tuần 38 (14/09–20/09/2020): 1 báo cáo")
	}
	for in, want := range map[string]string{
		"/xuat tuan 38 xyz":       "Cách dùng: /xuat",
		"/xuat 2020-W39 2020-W38": "Khoảng kỳ bị ngược: kỳ đầu 2020-W39 ở sau kỳ cuối 2020-W38",
		"/xuat 2020-W40 2020-W45": "Không có báo cáo nào từ 2020-W40 đến 2020-W45: dữ liệu hiện có từ 2020-W38 đến 2020-W39",
		"/xuat 2020-39":           `Kỳ "2020-39" không đúng dạng năm và số tuần, ví dụ 2020-W38`,
		"/xuat a b c":             "Cách dùng: /xuat (toàn bộ dữ liệu), /xuat <kỳ> (một kỳ) hoặc /xuat <kỳ đầu> <kỳ cuối>, ví dụ /xuat 2020-W35 2020-W38.",
	} {
		before := len(h.rec.sent)
		mustContain(t, h.say("office", in), want)
		for _, o := range h.rec.sent[before:] {
			if len(o.Attach) > 0 {
				t.Errorf("%s: a file was sent", in)
			}
		}
	}

	h.say("office", "/ngonngu en")
	mustContain(t, h.say("office", "/export 2020-W38"), "Workbook of the reports of week 38 (14/09–20/09/2020): 1 report")
	f, name = workbook(t, h, "office")
	if name != "reports-2020-W38-2020-W38.xlsx" || f.GetSheetList()[0] != "Reports" {
		t.Errorf("English workbook %q, sheets %v", name, f.GetSheetList())
	}
}

// TestExportPermissions: only admins may export, and viewers when the
// configuration allows it; /trogiup lists /xuat for exactly those.
func TestExportPermissions(t *testing.T) {
	for _, viewers := range []bool{false, true} {
		cfg := testConfig(t)
		cfg.Export.Viewers = viewers
		h := newExportHarness(t, cfg)
		putReport(t, h.db, "2020-W38", "an-binh", 12, h.now)
		for id, may := range map[string]bool{"lan": false, "hung": false, "chair": false, "view": viewers, "office": true} {
			before := len(h.rec.sent)
			out := h.say(id, "/xuat")
			files := 0
			for _, o := range h.rec.sent[before:] {
				files += len(o.Attach)
			}
			refused := strings.Contains(out, i18n.For(mustLang(cfg, id)).T("export.admins_only"))
			if may != (files == 1) || may == refused {
				t.Errorf("viewers allowed %v: %s got %d files, refused %v; want allowed %v:\n%s", viewers, id, files, refused, may, out)
			}
			help := h.say(id, "/trogiup")
			if listed := strings.Contains(help, "/xuat") || strings.Contains(help, "/export"); listed != may {
				t.Errorf("viewers allowed %v: /trogiup of %s lists /xuat = %v:\n%s", viewers, id, listed, help)
			}
		}
	}
}

// mustLang is the roster language of member id.
func mustLang(cfg *bot.Config, id string) i18n.Lang {
	m, _ := cfg.Member(id)
	return m.Lang
}

// TestExportOnChannelWithoutDocuments: on Zalo (no documents) the workbook
// comes as a link in the text, served by the bot's own server.
func TestExportOnChannelWithoutDocuments(t *testing.T) {
	zl := plainChannel()
	r := newChannelRigWith(t, func(o *bot.Options) {
		o.Exporter, o.PublicURL = export.Exporter{Config: o.Config}, "https://bot.example.vn/"
	}, zl)
	putReport(t, r.db, "2020-W38", "an-binh", 12, r.now)
	a := account{"zalo", "u-office", "c-office"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "office"); err != nil {
		t.Fatal(err)
	}
	r.send(a, bot.Update{Text: "/xuat"})
	z := zl.last(t).out
	if len(z.Attach) != 0 || !regexp.MustCompile(`📎 bao-cao-2020-W38-2020-W38\.xlsx: https://bot\.example\.vn/f/\S+`).MatchString(z.Text) {
		t.Errorf("Zalo reply %q with %d attachments: want the workbook as a link", z.Text, len(z.Attach))
	}
}

// TestExportMonthly: with a monthly configuration /xuat takes months
// (2020-08), and a week is told to be the wrong form.
func TestExportMonthly(t *testing.T) {
	cfg := testConfig(t)
	cfg.Period = bot.PeriodSpec{Kind: bot.Monthly, DeadlineOffset: 24 * 24 * time.Hour}
	h := newExportHarness(t, cfg)
	putReport(t, h.db, "2020-07", "an-binh", 5, h.now.AddDate(0, -2, 0))
	putReport(t, h.db, "2020-08", "an-binh", 9, h.now.AddDate(0, -1, 0))
	putReport(t, h.db, "2020-09", "an-binh", 12, h.now)
	mustContain(t, h.say("office", "/xuat 2020-08 2020-09"), "Bảng tính báo cáo từ tháng 08/2020 đến tháng 09/2020: 2 báo cáo")
	f, _ := workbook(t, h, "office")
	rows, _ := f.GetRows("Báo cáo")
	if len(rows) != 3 || rows[1][0] != "2020-08" || rows[2][0] != "2020-09" {
		t.Errorf("rows %q", rows)
	}
	mustContain(t, h.say("office", "/xuat"), "từ tháng 07/2020 đến tháng 09/2020: 3 báo cáo")
	mustContain(t, h.say("office", "/xuat 2020-W38"), `Kỳ "2020-W38" không đúng dạng năm và tháng, ví dụ 2020-09.`,
		"ví dụ /xuat 2020-06 2020-09")
}
