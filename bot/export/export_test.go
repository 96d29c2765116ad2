package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/export"
	"fieldbot/i18n"
)

// small is an area of one unit and a form of a text, a choice, a yes/no,
// a percent and a photo question.
func small(t *testing.T) *bot.Config {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	txt := func(vi, en string) i18n.Text { return i18n.Text{i18n.VI: vi, i18n.EN: en} }
	cfg := &bot.Config{
		Area:    bot.Area{Name: txt("Huyện", "District"), Location: loc},
		Units:   []bot.Unit{{Code: "an", Name: txt("Xã An", "An commune"), Targets: map[string]float64{"rate": 50}}},
		Members: []bot.Member{{ID: "lan", Name: "Trần Thị Lan", Role: bot.RoleMember, Units: []string{"an"}}},
		Form: bot.Form{Fields: []bot.Field{
			{ID: "note", Type: bot.FieldText, Label: txt("Ghi chú", "Note")},
			{ID: "progress", Type: bot.FieldSelect, Label: txt("Tiến độ", "Progress"), Choices: []bot.FieldChoice{{ID: "behind", Label: txt("Chậm", "Behind")}}},
			{ID: "met", Type: bot.FieldYesNo, Label: txt("Đã họp", "Met")},
			{ID: "rate", Type: bot.FieldPercent, Label: txt("Tỷ lệ", "Rate"), Target: true},
			{ID: "photo", Type: bot.FieldPhoto, Label: txt("Ảnh", "Photo")},
		}},
		Period: bot.PeriodSpec{Kind: bot.Weekly},
	}
	cfg.Index()
	return cfg
}

func data(t *testing.T) *export.Data {
	t.Helper()
	cfg := small(t)
	p, _ := cfg.Period.ParsePeriod("2020-W38", cfg.Area.Location)
	return &export.Data{Config: cfg, Range: bot.ExportRange{From: p, To: p}, Reports: []bot.Report{{
		Period: "2020-W38", Unit: "an", Seq: 3, Member: "lan", Channel: "zalo", Late: true,
		At: time.Date(2020, 9, 16, 2, 0, 0, 0, time.UTC),
		Values: map[string]bot.Value{
			"note":     {Text: "Mưa; \"lũ\"\ndòng 2"},
			"progress": {Text: "behind"}, "met": {Text: "no"}, "rate": {Num: 12.5},
			"photo": {Text: "ref1\tCầu\nref2"},
		},
	}}}
}

// TestCSVReadsBack: a text with the separator, quotes and a line break
// reads back as it was; numbers, times and words are as the README says.
func TestCSVReadsBack(t *testing.T) {
	b, err := export.CSV(data(t), i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = export.Sep
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	want := map[string]string{
		"Thời điểm gửi": "2020-09-16T09:00:00+07:00", "Lần gửi": "3", "Nộp muộn": "có", "Kênh": "Zalo",
		"Ghi chú": "Mưa; \"lũ\"\ndòng 2", "Tiến độ": "Chậm", "Đã họp": "không", "Tỷ lệ (%)": "12.5",
		"Ảnh (ảnh)": "2", "Chỉ tiêu, kế hoạch: Tỷ lệ (%)": "50", "Trạng thái": "Đã nộp",
	}
	for i, h := range rows[0] {
		if w, ok := want[h]; ok {
			if rows[1][i] != w {
				t.Errorf("%s = %q, want %q", h, rows[1][i], w)
			}
			delete(want, h)
		}
	}
	if len(want) > 0 {
		t.Errorf("columns missing: %v (header %q)", want, rows[0])
	}
}

// TestJSONValues: JSON carries IDs and booleans, not the people's words.
func TestJSONValues(t *testing.T) {
	b, err := export.JSON(data(t), i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	var rows []export.Row
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) != 1 {
		t.Fatalf("%v, %d rows", err, len(rows))
	}
	r := rows[0]
	if r.Values["progress"] != "behind" || r.Values["met"] != false || r.Values["rate"] != 12.5 || r.Values["photo"] != 2.0 ||
		!r.Late || r.State != "submitted" || r.UnitName != "An commune" || r.Targets["rate"] != 50 || r.SubmittedAt != "2020-09-16T09:00:00+07:00" {
		t.Errorf("row %+v", r)
	}
}

// BenchmarkExport writes a province's year in each format: 1,000 units ×
// 52 weeks of the demo's form (52,000 reports).
func BenchmarkExport(b *testing.B) {
	cfg := config.Demo()
	p, _ := cfg.Period.ParsePeriod("2020-W01", cfg.Area.Location)
	q, _ := cfg.Period.ParsePeriod("2020-W52", cfg.Area.Location)
	d := &export.Data{Config: cfg, Range: bot.ExportRange{From: p, To: q}}
	at := time.Date(2020, 1, 2, 9, 0, 0, 0, cfg.Area.Location)
	for w := 1; w <= 52; w++ {
		for u := range 1000 {
			vals := map[string]bot.Value{}
			for _, f := range cfg.Form.Fields {
				switch {
				case f.Type.Numeric():
					vals[f.ID] = bot.Value{Num: float64(u%97) + 0.5}
				case f.Type == bot.FieldText:
					vals[f.ID] = bot.Value{Text: "Khó khăn về vốn và thời tiết"}
				}
			}
			d.Reports = append(d.Reports, bot.Report{Period: fmt.Sprintf("2020-W%02d", w), Unit: cfg.Units[u%len(cfg.Units)].Code,
				Seq: 1, Member: cfg.Members[0].ID, Channel: "telegram", At: at.AddDate(0, 0, 7*(w-1)), Values: vals})
		}
	}
	for _, f := range []struct {
		name  string
		write func(*export.Data, i18n.Lang) ([]byte, error)
	}{{"xlsx", export.XLSX}, {"csv", export.CSV}, {"json", export.JSON}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				out, err := f.write(d, i18n.VI)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(out))/1e6, "MB")
			}
		})
	}
}

// TestStates: the state column follows the review records: an approved
// report, a returned revision and its correction (submitted again).
func TestStates(t *testing.T) {
	d := data(t)
	d.Config.Review.Approval = true
	first := d.Reports[0]
	first.Seq = 1
	second := d.Reports[0]
	second.Seq = 2
	d.Reports = []bot.Report{first, second}
	d.Revisions = true
	d.Reviews = map[string]*bot.ReviewRecord{"2020-W38/an": {Period: "2020-W38", Unit: "an", Changes: []bot.StateChange{
		{State: bot.StateReturned, Seq: 1, By: "chair", Reason: "sai số"}}}}
	b, err := export.JSON(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	var rows []export.Row
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) != 2 {
		t.Fatalf("%v, %d rows", err, len(rows))
	}
	if rows[0].State != "returned" || rows[1].State != "submitted" {
		t.Errorf("states %q, %q; want returned, submitted", rows[0].State, rows[1].State)
	}
	d.Reviews["2020-W38/an"].Changes = append(d.Reviews["2020-W38/an"].Changes, bot.StateChange{State: bot.StateApproved, Seq: 2, By: "chair"})
	c, err := export.CSV(d, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	vi := i18n.For(i18n.VI)
	for _, want := range []string{";" + vi.T("state.returned") + ";", ";" + vi.T("state.approved") + ";"} {
		if !bytes.Contains(c, []byte(want)) {
			t.Errorf("CSV lacks %q:\n%s", want, c)
		}
	}
}
