package bot_test

import (
	"strings"
	"testing"

	"fieldbot/i18n"
)

// TestQuickEntryNotAReport: a greeting, a question, a label with no figure
// that reads, or codes without /bc are never taken for a report: the member
// gets the usual hint and no report is opened.
func TestQuickEntryNotAReport(t *testing.T) {
	h := newHarness(t, testConfig(t))
	hint := i18n.For(i18n.VI).T("hint.idle")
	for _, msg := range []string{
		"Xin chào anh",
		"Số hộ thoát nghèo là bao nhiêu?",
		"Số hộ thoát nghèo: bao nhiêu?",
		"Khó khăn: trời mưa to quá",
		"households 5; disbursed 100",
		"Xã An Bình",
	} {
		if out := h.say("lan", msg); !strings.Contains(out, hint) {
			t.Errorf("%q was read as a report:\n%s", msg, out)
		}
		if out := h.say("lan", "1"); !strings.Contains(out, hint) { // no list or question was opened
			t.Errorf("after %q, a conversation was open:\n%s", msg, out)
		}
	}
}

// TestQuickEntryConfirmSaves: a whole report in one /bc message goes to
// the review with its ratios; nothing is stored until the confirm.
func TestQuickEntryConfirmSaves(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "/bc xa an binh h 15; d 420,5; p 2; m có; difficulties Mưa kéo dài")
	mustContain(t, out, "Kiểm tra lại báo cáo", "1. Số hộ thoát nghèo: 15 hộ / 20 hộ (75%)",
		"420,5 triệu đồng / 600,0 triệu đồng (70,1%)", "Chậm tiến độ", "Mưa kéo dài")
	if r := h.revisions("an-binh"); len(r) != 0 {
		t.Fatalf("saved before the confirm: %+v", r)
	}
	mustContain(t, h.press("lan", "Xác nhận"), "Đã lưu báo cáo của Xã An Bình (lần 1")
	r := h.revisions("an-binh")
	if len(r) != 1 || r[0].Values["households"].Num != 15 || r[0].Values["disbursed"].Num != 420.5 ||
		r[0].Values["progress"].Text != "behind" || r[0].Values["meeting"].Text != "yes" || r[0].Values["difficulties"].Text != "Mưa kéo dài" {
		t.Fatalf("stored %+v", r)
	}
}

// TestQuickEntryValidatesAsGuided: a figure refused by the guided flow is
// refused by quick entry with the same reason, and only it is asked again.
func TestQuickEntryValidatesAsGuided(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	guided := h.say("lan", "1001") // above the field's max
	reason := strings.SplitN(guided, "\n", 2)[0]
	h.say("lan", "/huy")
	out := h.say("lan", "/bc an-binh h 1001; d nhiều; p 1; m không")
	mustContain(t, out, "✗ Số hộ thoát nghèo “1001”: "+reason, "✗ Vốn đã giải ngân “nhiều”", "✓ Tiến độ: Đúng tiến độ",
		"Câu 1/9 · Xã An Bình")
	mustContain(t, h.say("lan", "15"), "Câu 2/9 · Xã An Bình") // the next wrong one, not question 2 of the list
	mustContain(t, h.say("lan", "350,5"), "Kiểm tra lại báo cáo", "15 hộ / 20 hộ", "350,5 triệu đồng")
}

// TestQuickEntryAsksUnit: labels sent as they are by a member with two
// units, none named: the unit is asked, and the figures are kept for it.
// The labels are those of the unit chosen: "Vốn" names one field in An
// Bình, two in Bình An (which has Project 3).
func TestQuickEntryAsksUnit(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "Số hộ thoát nghèo: 5\nVốn: 100\nTiến độ: Đúng tiến độ\nĐã họp: có")
	mustContain(t, out, "Chọn đơn vị", "Xã An Bình", "Xã Bình An")
	mustContain(t, h.say("lan", "2"), "✗ “Vốn” có thể là nhiều câu: d (Vốn đã giải ngân); e (Vốn dự án 3)",
		"Câu 2/10 · Xã Bình An")
	h.say("lan", "/huy")
	h.say("lan", "Số hộ thoát nghèo: 5\nVốn: 100\nTiến độ: Đúng tiến độ\nĐã họp: có")
	mustContain(t, h.say("lan", "1"), "Kiểm tra lại báo cáo", "5 hộ / 20 hộ", "100,0 triệu đồng / 600,0 triệu đồng")
}

// TestReportUnitByArgument: /baocao picks the unit by number, code or name
// in any form; another member's unit is refused; a member with one unit
// goes straight to the first question.
func TestReportUnitByArgument(t *testing.T) {
	h := newHarness(t, testConfig(t))
	for _, arg := range []string{"2", "binh-an", "Bình An", "binh an", "xã bình an", "BINH AN COMMUNE", "X. Bình An"} {
		mustContain(t, h.say("lan", "/baocao "+arg), "Câu 1/10 · Xã Bình An")
		h.say("lan", "/huy")
	}
	out := h.say("lan", "/baocao cao son")
	mustContain(t, out, "Anh/chị không phụ trách Xã Cao Sơn", "Chọn đơn vị")
	h.say("lan", "/huy")
	mustContain(t, h.say("lan", "/baocao binh"), "Không tìm thấy đơn vị “binh”", "Chọn đơn vị")
	mustContain(t, h.say("hung", "/report"), "Question 1/", "Cao Sơn commune")
	h.say("lan", "/baocao")
	mustContain(t, h.say("lan", "X. Bình An"), "Câu 1/10 · Xã Bình An") // typed at the list
}

// TestQuickForm: /mau lists the codes of the unit's fields, derived from
// the IDs where the form declares none, with a template to fill in.
func TestQuickForm(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "/mau binh an")
	mustContain(t, out, "Mẫu báo cáo nhanh — Xã Bình An", "h — Số hộ thoát nghèo", "e — Vốn dự án 3",
		"asof — Số liệu tính đến ngày", "p — Tiến độ (1 Đúng tiến độ, 2 Chậm tiến độ)", "\n/bc Xã Bình An\nSố hộ thoát nghèo: \n")
	if strings.Contains(out, "photo —") {
		t.Errorf("the photo question offered a code:\n%s", out)
	}
	// The template, filled in and sent back, is a report.
	filled := strings.NewReplacer("Số hộ thoát nghèo: ", "Số hộ thoát nghèo: 7", "Vốn đã giải ngân: ", "Vốn đã giải ngân: 50",
		"Vốn dự án 3: ", "Vốn dự án 3: 10", "Tiến độ: ", "Tiến độ: 1", "Đã họp ban chỉ đạo xã?: ", "Đã họp ban chỉ đạo xã?: không").
		Replace(h.last("lan").Text)
	mustContain(t, h.say("lan", filled), "Kiểm tra lại báo cáo", "7 hộ / 10 hộ", "10,0 triệu đồng / 50,0 triệu đồng")
}

// TestQuickEntryGivenTwice: a field given two values is not guessed: it is
// listed and asked again; an unknown code is listed too.
func TestQuickEntryGivenTwice(t *testing.T) {
	h := newHarness(t, testConfig(t))
	out := h.say("lan", "/bc 1 h 5; h 6; d 1; p 1; m có; zz 3")
	mustContain(t, out, "✗ Số hộ thoát nghèo: có hai giá trị trong tin nhắn.", "✗ “zz”: không có câu hỏi hay mã nào",
		"Câu 1/9 · Xã An Bình")
	if strings.Contains(out, "✓ Số hộ thoát nghèo") {
		t.Errorf("a value given twice was kept:\n%s", out)
	}
	mustContain(t, h.say("lan", "6"), "Kiểm tra lại báo cáo", "6 hộ / 20 hộ")
	h.say("lan", "/huy")
	// Words before the first code that name no unit: not found, not guessed.
	mustContain(t, h.say("lan", "/bc an binn h 5; d 1"), "Không tìm thấy đơn vị “an binn”")
	mustContain(t, h.say("lan", "1"), i18n.For(i18n.VI).T("hint.idle")) // nothing was opened
}

// TestQuickEntryLocation: a place typed as map apps copy it is one part
// of a quick report, read as the location question reads it; /mau gives
// that form as the example.
func TestQuickEntryLocation(t *testing.T) {
	h := newHarness(t, placeConfig(t))
	mustContain(t, h.say("lan", "/mau an binh"), "place 22.15123, 105.61234")
	out := h.say("lan", "/bc an binh h 5; d 1; p 1; m có; place 22.15123, 105.61234")
	mustContain(t, out, "Kiểm tra lại báo cáo", "vĩ độ 22,15123; kinh độ 105,61234")
}
