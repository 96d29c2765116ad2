package bot

import (
	"strings"
	"testing"
	"time"

	"fieldbot/i18n"
)

// quickFuzzConfig is a small area with a field of each kind a quick entry
// reads, codes declared and derived, and two units whose names fold alike
// but for one letter.
func quickFuzzConfig(t testing.TB) *Config {
	t.Helper()
	txt := func(vi, en string) i18n.Text { return i18n.Text{i18n.VI: vi, i18n.EN: en} }
	zero := 0.0
	cfg := &Config{
		Area: Area{Name: txt("Huyện Thử", "Test district"), Location: time.UTC},
		Units: []Unit{
			{Code: "bang-lung", Name: txt("Thị trấn Bằng Lũng", "Bằng Lũng town"), Targets: map[string]float64{"households": 6}},
			{Code: "bang-lang", Name: txt("Xã Bằng Lãng", "Bằng Lãng commune"), Targets: map[string]float64{"households": 9}},
		},
		Members: []Member{{ID: "an", Name: "An", Role: RoleMember, Lang: i18n.VI, Units: []string{"bang-lung", "bang-lang"}}},
		Form: Form{Fields: []Field{
			{ID: "households", Code: "hn", Type: FieldInteger, Label: txt("Số hộ thoát nghèo từ đầu năm", "Households out of poverty"), Required: true, Min: &zero, Target: true},
			{ID: "infra_disbursed", Code: "gn1", Type: FieldMoney, Label: txt("Vốn CT135 đầu tư hạ tầng đã giải ngân", "Infrastructure funds disbursed"), Scale: 1e6, Required: true},
			{ID: "prod_disbursed", Type: FieldMoney, Label: txt("Vốn CT135 hỗ trợ sản xuất đã giải ngân", "Production funds disbursed"), Scale: 1e6},
			{ID: "rate", Type: FieldPercent, Label: txt("Tỷ lệ hộ nghèo", "Poverty rate")},
			{ID: "progress", Code: "td", Type: FieldSelect, Label: txt("Đánh giá tiến độ", "Progress"), Choices: []FieldChoice{
				{ID: "on_track", Label: txt("Đúng tiến độ", "On track")}, {ID: "behind", Label: txt("Chậm tiến độ", "Behind")}}},
			{ID: "met", Type: FieldYesNo, Label: txt("Đã họp", "Met")},
			{ID: "asof", Type: FieldDate, Label: txt("Tính đến ngày", "As of")},
			{ID: "difficulties", Code: "kk", Type: FieldText, Label: txt("Khó khăn, vướng mắc", "Difficulties"), MaxLen: 100},
		}},
	}
	cfg.Index()
	return cfg
}

// FuzzQuickEntry checks the quick-entry parser on any message: it never
// fails; every part's key and value are pieces of the message, cut at no
// separator; a part said to name a field names it by its code or label; a
// value written after a code reaches parseAnswer exactly as typed, so it is
// validated as the guided flow validates it; and a message without a colon
// is never taken for a report unless /bc was typed.
func FuzzQuickEntry(f *testing.F) {
	for _, s := range [][2]string{
		{"/bc bang-lung hn 15; gn1 420,5; td 2; kk không", "15"},
		{"TT Bằng Lũng\nSố hộ thoát nghèo: 15\nVốn CT135 đầu tư: 420,5 triệu", "420,5 triệu"},
		{"bang lang hn=3;gn1:1,5 tỷ\r\nkk: mưa: lũ", "1,5 tỷ"},
		{"Đơn vị: Bằng Lãng\nGiải ngân CT135: 12", "5.98"},
		{"Xin chào anh, cho hỏi số hộ thoát nghèo là bao nhiêu?", "mười lăm"},
		{"Số hộ thoát nghèo: bao nhiêu?", "-3"},
		{"hn 1.234.567;;; ;\n td chậm tiến độ", "Chậm tiến độ"},
		{"2 hn 4; households 5; rate 54,2%; met có; asof 18/09/2020", "18/09/2020"},
		{":::", ""}, {"", " "}, {"bằng lũng", "1e309"},
	} {
		f.Add(s[0], s[1])
	}
	cfg := quickFuzzConfig(f)
	e := &Engine{engine: &engine{}, cfg: cfg} // the shared part empty: no clock, no store
	p := i18n.For(i18n.VI)
	t0 := &turn{e: e, p: p, member: &cfg.Members[0]}
	v := t0.view()
	f.Fuzz(func(t *testing.T, text, value string) {
		for _, unit := range []string{"", "bang-lung"} {
			lx := t0.quickLex(unit)
			msg := lx.read(text)
			if msg.unit != "" && !strings.Contains(text, msg.unit) {
				t.Fatalf("%q: unit %q is not in the message", text, msg.unit)
			}
			for _, it := range msg.items {
				checkQuickItem(t, lx, text, it)
			}
			if !strings.Contains(text, ":") && t0.reportLike(msg) {
				t.Fatalf("%q, without a colon, is taken for a report sent without /bc", text)
			}
		}
		// A value after a code is the value typed, read by parseAnswer (but
		// for a leading ":" or "=", which is read as the mark after the code).
		value = strings.TrimSpace(value)
		if value == "" || strings.ContainsAny(value, ";\n\r") || strings.IndexAny(value, ":=") == 0 {
			return
		}
		msg := t0.quickLex("bang-lung").read("bang lung hn " + value + "; gn1 " + value)
		if msg.unit != "bang lung" || len(msg.items) != 2 {
			t.Fatalf("%q: read as %+v", value, msg)
		}
		for i, id := range []string{"households", "infra_disbursed"} {
			it := msg.items[i]
			fl, fi, _ := cfg.Form.Field(id)
			if it.field != fi || it.value != value {
				t.Fatalf("%s %q read as field %d value %q", id, value, it.field, it.value)
			}
			want, werr := v.parseAnswer(fl, input{kind: inText, text: value})
			got, gerr := v.parseAnswer(fl, input{kind: inText, text: it.value})
			if (werr == nil) != (gerr == nil) || want != got {
				t.Fatalf("%s %q: quick %v %v, guided %v %v", id, value, got, gerr, want, werr)
			}
		}
	})
}

// checkQuickItem checks one part of a quick entry read from text.
func checkQuickItem(t *testing.T, lx quickLex, text string, it quickItem) {
	t.Helper()
	for _, s := range []string{it.key, it.value} {
		if !strings.Contains(text, s) || strings.ContainsAny(s, ";\n\r") || s != strings.TrimSpace(s) {
			t.Fatalf("%q: part %q is not a trimmed piece of one part of the message", text, s)
		}
	}
	if it.field < 0 {
		if len(it.matches) == 1 {
			t.Fatalf("%q: %q is ambiguous between one field", text, it.key)
		}
		return
	}
	if f, _ := lx.resolve(it.key); f != it.field {
		if c, ok := lx.codes[i18n.Fold(it.key)]; !ok || c != it.field {
			t.Fatalf("%q: %q read as field %d, which it does not name", text, it.key, it.field)
		}
	}
}
