package config

import (
	"bytes"
	"math"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// The 20 units of NOTES.md, in its order.
var demoUnits = []struct{ code, name string }{
	{"bang-lung", "Thị trấn Bằng Lũng"}, {"ban-thi", "Xã Bản Thi"}, {"bang-lang", "Xã Bằng Lãng"},
	{"bang-phuc", "Xã Bằng Phúc"}, {"binh-trung", "Xã Bình Trung"}, {"dai-sao", "Xã Đại Sảo"},
	{"dong-lac", "Xã Đồng Lạc"}, {"dong-thang", "Xã Đồng Thắng"}, {"luong-bang", "Xã Lương Bằng"},
	{"nam-cuong", "Xã Nam Cường"}, {"nghia-ta", "Xã Nghĩa Tá"}, {"ngoc-phai", "Xã Ngọc Phái"},
	{"phuong-vien", "Xã Phương Viên"}, {"quang-bach", "Xã Quảng Bạch"}, {"tan-lap", "Xã Tân Lập"},
	{"xuan-lac", "Xã Xuân Lạc"}, {"yen-my", "Xã Yên Mỹ"}, {"yen-phong", "Xã Yên Phong"},
	{"yen-thinh", "Xã Yên Thịnh"}, {"yen-thuong", "Xã Yên Thượng"},
}

func TestDemoUnits(t *testing.T) {
	c := Demo()
	if len(c.Units) != len(demoUnits) {
		t.Fatalf("%d units, want %d", len(c.Units), len(demoUnits))
	}
	for i, want := range demoUnits {
		if u := c.Units[i]; u.Code != want.code || u.Name.In(i18n.VI) != want.name || u.Name.In(i18n.EN) == want.name {
			t.Errorf("unit %d = %s %v, want %s %q with an English name", i, u.Code, u.Name, want.code, want.name)
		}
	}
}

// TestDemoTotals sums the unit targets itself: they must give the district
// figures of the source document exactly.
func TestDemoTotals(t *testing.T) {
	c := Demo()
	want := map[string]float64{
		"households_escaped":   301,
		"p135_infra_works":     41,
		"p135_infra_disbursed": 11041.0,
		"p135_prod_projects":   19,
		"p135_prod_disbursed":  3157.0,
		"p3_projects":          1,
		"p3_disbursed":         160.0,
	}
	for field, total := range want {
		var sum float64
		for _, u := range c.Units {
			sum += u.Targets[field]
		}
		if math.Abs(sum-total) > 1e-9 || c.Area.Targets[field] != total {
			t.Errorf("%s: units add up to %v, area says %v, want %v", field, sum, c.Area.Targets[field], total)
		}
	}
	if !c.Area.Demo {
		t.Error("the demo's invented allocation must be marked demo: true")
	}
	var p3 []string
	for _, u := range c.Units {
		if _, ok := u.Targets["p3_projects"]; ok {
			p3 = append(p3, u.Code)
		}
		if _, ok := u.Targets["households_escaped"]; !ok {
			t.Errorf("%s has no household target", u.Code)
		}
	}
	if len(p3) != 1 || p3[0] != "bang-lung" {
		t.Errorf("Project 3 units = %v, want only the town", p3)
	}
}

func TestDemoRoster(t *testing.T) {
	c := Demo()
	assigned := map[string]int{}
	sizes := map[int]int{}
	roles := map[bot.Role]int{}
	english := 0
	for _, m := range c.Members {
		roles[m.Role]++
		if m.Role == bot.RoleMember {
			sizes[len(m.Units)]++
			if m.Lang == i18n.EN {
				english++
			}
		}
		for _, u := range m.Units {
			assigned[u]++
		}
	}
	if sizes[3] != 4 || sizes[2] != 4 || len(sizes) != 2 {
		t.Errorf("reporting members by number of units: %v, want four with 3 and four with 2", sizes)
	}
	for _, u := range c.Units {
		if assigned[u.Code] != 1 {
			t.Errorf("%s is assigned %d times, want once", u.Code, assigned[u.Code])
		}
	}
	if roles[bot.RoleMember] != 8 || roles[bot.RoleChair] != 1 || roles[bot.RoleAdmin] != 1 || roles[bot.RoleViewer] != 1 {
		t.Errorf("roles = %v", roles)
	}
	if english != 1 {
		t.Errorf("%d reporting members read English, want 1", english)
	}
}

func TestDemoFormAndSchedule(t *testing.T) {
	c := Demo()
	want := []string{"households_escaped", "p135_infra_works", "p135_infra_disbursed", "p135_prod_projects",
		"p135_prod_disbursed", "p3_projects", "p3_disbursed", "progress", "difficulties", "proposals", "photo"}
	if len(c.Form.Fields) != len(want) {
		t.Fatalf("%d fields, want %d", len(c.Form.Fields), len(want))
	}
	for i, id := range want {
		if c.Form.Fields[i].ID != id {
			t.Errorf("field %d = %s, want %s", i, c.Form.Fields[i].ID, id)
		}
	}
	if len(c.Items) != 3 {
		t.Errorf("%d items, want 3", len(c.Items))
	}
	p, err := c.Period.ParsePeriod("2020-W38", c.Area.Location)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2020, 9, 18, 17, 0, 0, 0, c.Area.Location)
	if got := c.Period.Deadline(p); !got.Equal(due) {
		t.Errorf("deadline of 2020-W38 = %v, want Friday %v", got, due)
	}
}

func TestDemoYAMLIsACopy(t *testing.T) {
	b := DemoYAML()
	b[0] = 'X'
	if bytes.Equal(b, DemoYAML()) {
		t.Error("DemoYAML must return a copy of the embedded file")
	}
}
