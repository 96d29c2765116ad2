package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// quickRun plays script as member on a fresh demo database on Wednesday of
// week 38 and returns what the console printed.
func quickRun(t *testing.T, member string, lines ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(lines...), "demo", "--db", db, "--as", member, "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	return out
}

// TestQuickEntryByCodes: one message by codes goes straight to the review
// with every value and ratio, and one confirm saves it: the member sends
// two messages (the entry and the confirm) for the whole report.
func TestQuickEntryByCodes(t *testing.T) {
	vi := quickRun(t, "hoang-thi-binh",
		"/mau ban thi",
		"/bc ban thi hn 15; ct1 2; gn1 420,5; da2 1; gn2 85,5; td 2; kk Mưa kéo dài, 01 công trình chậm thi công",
		"/xacnhan",
	)
	mustHave(t, vi, "hn — Số hộ thoát nghèo từ đầu năm", "1. Số hộ thoát nghèo từ đầu năm: 15 hộ / 18 hộ (83,3%)",
		"420,5 triệu đồng / 823,3 triệu đồng (51,1%)", "6. Đánh giá chung tiến độ thực hiện: Chậm tiến độ", "Đã lưu báo cáo của Xã Bản Thi (lần 1")
	golden(t, "quick_codes_vi.golden", vi)
	en := quickRun(t, "dinh-van-khanh",
		"/bc tan-lap hn 12\\",
		"ct1 2\\",
		"gn1 1,234.5\\",
		"da2 1\\",
		"gn2 1.5 billion\\",
		"td 1\\",
		"dx Please speed up the transfer of the remaining capital.",
		"/confirm",
	)
	mustHave(t, en, "Households lifted out of poverty since January: 12 households / 12 households (100%)",
		"1,234.5 million VND / 528.7 million VND", "⚠ ", "Saved the report for Tân Lập commune (revision 1")
	golden(t, "quick_codes_en.golden", en)
}

// TestQuickEntryByLabels: lines "label: value" sent as they are, the unit
// named first; two values do not read: both are listed at once with what
// was understood, the member answers just those two, then confirms.
func TestQuickEntryByLabels(t *testing.T) {
	vi := quickRun(t, "nguyen-van-an",
		"TT Bằng Lũng\\",
		"Số hộ thoát nghèo: -3\\",
		"Số dự án ngoài CT135: một\\",
		"Vốn dự án 3: 120 triệu\\",
		"Đánh giá chung: 1\\",
		"Khó khăn: Giá vật tư tăng",
		"4",
		"1",
		"/xacnhan",
	)
	mustHave(t, vi, "Báo cáo nhanh — Thị trấn Bằng Lũng:", "✗ Số hộ thoát nghèo từ đầu năm “-3”",
		"✓ Vốn Dự án 3 – hỗ trợ sản xuất ngoài CT135 đã giải ngân (lũy kế): 120,0 triệu đồng", "Đã lưu báo cáo của Thị trấn Bằng Lũng (lần 1")
	golden(t, "quick_labels_vi.golden", vi)
	en := quickRun(t, "dinh-van-khanh",
		"Unit: Dong Thang\\",
		"Households lifted out of poverty: nine\\",
		"Infrastructure works: 2\\",
		"Infrastructure funds: 300.5\\",
		"Production-support projects: 1\\",
		"Production-support funds: lots\\",
		"Overall progress: 3\\",
		"Proposals: More seedlings for the model",
		"9",
		"120",
		"/confirm",
	)
	if strings.Count(en, "✗ ") != 2 {
		t.Errorf("want two values listed as not read:\n%s", en)
	}
	mustHave(t, en, "Quick report — Đồng Thắng commune:", "Saved the report for Đồng Thắng commune (revision 1")
	golden(t, "quick_labels_en.golden", en)
}
