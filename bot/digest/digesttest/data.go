package digesttest

import "fieldbot/i18n"

// unit is one row of the sample: its figures as of its latest report.
// Money is in tenths of a million VND: {disbursed, plan}.
type unit struct {
	code        string
	name        i18n.Text
	member      string
	silent      bool // did not report in 2020-W38
	households  int
	hhTarget    int
	works       int
	infra, prod [2]int
}

// text is a label in Vietnamese and English.
func text(vi, en string) i18n.Text { return i18n.Text{i18n.VI: vi, i18n.EN: en} }

// units follow bot/config/demo.yaml: names, members and targets. Values sum
// to 215 households, 5989.0 (infrastructure) and 2620.0 (production) million
// VND; Bằng Lũng's Project 3 (160,0/160,0) is set in Sample.
var units = []unit{
	{"bang-lung", text("Thị trấn Bằng Lũng", "Bằng Lũng town"), "Nguyễn Văn An", false, 3, 6, 0, [2]int{}, [2]int{}},
	{"ban-thi", text("Xã Bản Thi", "Bản Thi commune"), "Hoàng Thị Bình", false, 12, 18, 3, [2]int{5218, 8233}, [2]int{1493, 1650}},
	{"bang-lang", text("Xã Bằng Lãng", "Bằng Lãng commune"), "Ma Văn Cường", false, 7, 14, 2, [2]int{2447, 4860}, [2]int{1300, 1520}},
	{"bang-phuc", text("Xã Bằng Phúc", "Bằng Phúc commune"), "Ma Văn Cường", false, 12, 15, 2, [2]int{1882, 5703}, [2]int{978, 1565}},
	{"binh-trung", text("Xã Bình Trung", "Bình Trung commune"), "Lường Văn Hải", false, 13, 17, 2, [2]int{3387, 5950}, [2]int{1556, 1630}},
	{"dai-sao", text("Xã Đại Sảo", "Đại Sảo commune"), "Nông Thị Hoa", false, 11, 16, 2, [2]int{3813, 5285}, [2]int{1268, 1575}},
	{"dong-lac", text("Xã Đồng Lạc", "Đồng Lạc commune"), "Hoàng Thị Bình", false, 11, 15, 2, [2]int{2723, 5930}, [2]int{1322, 1685}},
	{"dong-thang", text("Xã Đồng Thắng", "Đồng Thắng commune"), "Đinh Văn Khánh", false, 12, 14, 2, [2]int{3234, 5380}, [2]int{1526, 1725}},
	{"luong-bang", text("Xã Lương Bằng", "Lương Bằng commune"), "Nông Thị Hoa", false, 11, 18, 2, [2]int{3742, 5497}, [2]int{1605, 1605}},
	{"nam-cuong", text("Xã Nam Cường", "Nam Cường commune"), "Triệu Thị Dung", true, 12, 16, 2, [2]int{1534, 5260}, [2]int{1282, 1820}},
	{"nghia-ta", text("Xã Nghĩa Tá", "Nghĩa Tá commune"), "Lý Thị Mai", false, 10, 15, 2, [2]int{2697, 4967}, [2]int{1603, 1855}},
	{"ngoc-phai", text("Xã Ngọc Phái", "Ngọc Phái commune"), "Nguyễn Văn An", false, 10, 13, 2, [2]int{3063, 4915}, [2]int{1664, 1800}},
	{"phuong-vien", text("Xã Phương Viên", "Phương Viên commune"), "Nguyễn Văn An", false, 10, 14, 2, [2]int{2838, 5560}, [2]int{1290, 1710}},
	{"quang-bach", text("Xã Quảng Bạch", "Quảng Bạch commune"), "Triệu Thị Dung", false, 14, 17, 2, [2]int{4107, 5470}, [2]int{1260, 1490}},
	{"tan-lap", text("Xã Tân Lập", "Tân Lập commune"), "Đinh Văn Khánh", false, 9, 12, 2, [2]int{3128, 5287}, [2]int{1336, 1640}},
	{"xuan-lac", text("Xã Xuân Lạc", "Xuân Lạc commune"), "Hoàng Thị Bình", false, 13, 19, 3, [2]int{3047, 7155}, [2]int{1183, 1780}},
	{"yen-my", text("Xã Yên Mỹ", "Yên Mỹ commune"), "Triệu Thị Dung", false, 8, 14, 2, [2]int{2895, 5563}, [2]int{1272, 1405}},
	{"yen-phong", text("Xã Yên Phong", "Yên Phong commune"), "Lý Thị Mai", false, 11, 15, 2, [2]int{3511, 5310}, [2]int{1419, 1700}},
	{"yen-thinh", text("Xã Yên Thịnh", "Yên Thịnh commune"), "Lường Văn Hải", true, 14, 18, 3, [2]int{3272, 8775}, [2]int{1434, 1805}},
	{"yen-thuong", text("Xã Yên Thượng", "Yên Thượng commune"), "Ma Văn Cường", false, 12, 15, 2, [2]int{3352, 5310}, [2]int{1409, 1610}},
}

// field is a form field's label and unit word, as in the demo configuration;
// English unit words carry their plural forms.
type field struct{ label, unit i18n.Text }

var fields = map[string]field{
	Households: {text("Số hộ thoát nghèo từ đầu năm", "Households lifted out of poverty since January"),
		text("hộ", "household|households")},
	InfraWorks: {text("Số công trình cơ sở hạ tầng CT135 đang thực hiện", "Program 135 infrastructure works under way"),
		text("công trình", "work|works")},
	InfraDisbursed: {text("Vốn CT135 – đầu tư cơ sở hạ tầng đã giải ngân (lũy kế)", "Program 135 infrastructure funds disbursed (cumulative)"),
		text("triệu đồng", "million VND")},
	ProdProjects: {text("Số dự án hỗ trợ phát triển sản xuất CT135 đang thực hiện", "Program 135 production-support projects under way"),
		text("dự án", "project|projects")},
	ProdDisbursed: {text("Vốn CT135 – hỗ trợ phát triển sản xuất đã giải ngân (lũy kế)", "Program 135 production-support funds disbursed (cumulative)"),
		text("triệu đồng", "million VND")},
	P3Projects: {text("Số dự án hỗ trợ sản xuất ngoài CT135 (Dự án 3) đang thực hiện", "Production-support projects outside Program 135 (Project 3) under way"),
		text("dự án", "project|projects")},
	P3Disbursed: {text("Vốn Dự án 3 – hỗ trợ sản xuất ngoài CT135 đã giải ngân (lũy kế)", "Project 3 production-support funds disbursed (cumulative)"),
		text("triệu đồng", "million VND")},
}

var itemLabels = map[string]i18n.Text{
	"p135_infra": text("Dự án 2 (CT 135) – Tiểu dự án 1: Đầu tư cơ sở hạ tầng",
		"Project 2 (Program 135) – Sub-project 1: Infrastructure investment"),
	"p135_prod": text("Dự án 2 (CT 135) – Tiểu dự án 2: Hỗ trợ phát triển sản xuất, nhân rộng mô hình giảm nghèo",
		"Project 2 (Program 135) – Sub-project 2: Production support and replication of poverty-reduction models"),
	"p3": text("Dự án 3: Hỗ trợ phát triển sản xuất, nhân rộng mô hình giảm nghèo ngoài CT 135",
		"Project 3: Production support and replication of poverty-reduction models outside Program 135"),
}
