package sheet

import (
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestLocationColumn: a location answer is written as its "lat,lon" text,
// not as a number (which would be 0).
func TestLocationColumn(t *testing.T) {
	d := answered(t)
	d.Fields = append(d.Fields, bot.Field{ID: "place", Type: bot.FieldLocation,
		Label: i18n.Text{i18n.VI: "Vị trí", i18n.EN: "Place"}})
	for i := range d.Units {
		if d.Units[i].Code == "bang-phuc" {
			d.Units[i].Answers["place"] = bot.Value{Text: "22.151230,105.612340"}
		}
	}
	f := open(t, d, i18n.VI)
	r := row(t, f, "Số liệu báo cáo", "Xã Bằng Phúc")
	if got := r[len(r)-1]; got != "22.151230,105.612340" {
		t.Errorf("the place cell is %q, want 22.151230,105.612340 (row %q)", got, r)
	}
}
