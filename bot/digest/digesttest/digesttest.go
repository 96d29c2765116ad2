// Package digesttest provides a realistic digest for the tests of the digest
// renderers (text, PNG chart, XLSX workbook).
//
// Sample is the Chợ Đồn 2020 demo as it stands in week 2020-W38 (14–20
// September 2020): the units, members and targets of bot/config/demo.yaml,
// and invented unit figures that add up exactly to the totals the district
// reported (5.989,0/11.041,0, 2.620,0/3.157,0 and 160,0/160,0 million VND;
// 41 works, 19 and 1 projects; 215/301 households lifted out of poverty).
package digesttest

import (
	"maps"
	"time"
	_ "time/tzdata" // Sample's period is in Asia/Ho_Chi_Minh on any machine

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// The field ids of the sample, as in the demo configuration.
const (
	Households     = "households_escaped"
	InfraWorks     = "p135_infra_works"
	InfraDisbursed = "p135_infra_disbursed"
	ProdProjects   = "p135_prod_projects"
	ProdDisbursed  = "p135_prod_disbursed"
	P3Projects     = "p3_projects"
	P3Disbursed    = "p3_disbursed"
)

// Sample returns a new 20-unit digest of week 2020-W38 in Chợ Đồn district.
// Every call builds a fresh value, so a test may change what it gets.
//
// 18 units reported in the week; Xã Nam Cường and Xã Yên Thịnh did not, and
// count with their figures of 10/09/2020. Only Thị trấn Bằng Lũng has a
// Project 3 plan, and it has no Program 135 plan. The unit rates are
// computed like digest.Build does: DisbursementRate over every money field
// with a plan, HeadlineRate for households.
func Sample() *digest.Digest {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic("digesttest: " + err.Error()) // time/tzdata is linked in
	}
	spec := bot.PeriodSpec{Kind: bot.Weekly}
	p, err := spec.ParsePeriod("2020-W38", loc)
	if err != nil {
		panic("digesttest: " + err.Error())
	}
	d := &digest.Digest{
		Area:    i18n.Text{i18n.VI: "Huyện Chợ Đồn, tỉnh Bắc Kạn", i18n.EN: "Chợ Đồn district, Bắc Kạn province"},
		Program: i18n.Text{i18n.VI: "Chương trình MTQG giảm nghèo bền vững", i18n.EN: "National Target Program for Sustainable Poverty Reduction"},
		Demo:    true,
		Period:  p,
		Prev:    spec.Prev(p),
		Built:   time.Date(2020, 9, 21, 7, 30, 0, 0, loc),
	}
	silentAsOf := time.Date(2020, 9, 10, 16, 20, 0, 0, loc)
	for i, u := range units {
		row := digest.UnitRow{
			Code: u.code, Name: maps.Clone(u.name), Members: []string{u.member},
			Reported: !u.silent, HasData: true, Seq: uint64(2 + i%3), Member: u.member,
			Values:  map[string]float64{Households: float64(u.households)},
			Targets: map[string]float64{Households: float64(u.hhTarget)},
			AsOf:    time.Date(2020, 9, 15+i%4, 8+i%9, 5*(i%12), 0, 0, loc),
		}
		if u.silent {
			row.AsOf = silentAsOf
		}
		if u.code == "bang-lung" {
			row.Values[P3Projects], row.Values[P3Disbursed] = 1, 160.0
			row.Targets[P3Projects], row.Targets[P3Disbursed] = 1, 160.0
		} else {
			row.Values[InfraWorks], row.Targets[InfraWorks] = float64(u.works), float64(u.works)
			row.Values[ProdProjects], row.Targets[ProdProjects] = 1, 1
			row.Values[InfraDisbursed], row.Targets[InfraDisbursed] = tenths(u.infra[0]), tenths(u.infra[1])
			row.Values[ProdDisbursed], row.Targets[ProdDisbursed] = tenths(u.prod[0]), tenths(u.prod[1])
		}
		row.DisbursementRate, row.HeadlineRate = rates(row)
		if row.Reported {
			d.Reported++
		}
		d.Units = append(d.Units, row)
	}
	d.Headline = []digest.Total{total(Households, bot.FieldInteger, 198)}
	d.Items = []digest.ItemTotal{
		{ID: "p135_infra", Label: maps.Clone(itemLabels["p135_infra"]), Fields: []digest.Total{
			total(InfraWorks, bot.FieldInteger, 41), total(InfraDisbursed, bot.FieldMoney, 5512.0)}},
		{ID: "p135_prod", Label: maps.Clone(itemLabels["p135_prod"]), Fields: []digest.Total{
			total(ProdProjects, bot.FieldInteger, 19), total(ProdDisbursed, bot.FieldMoney, 2386.5)}},
		{ID: "p3", Label: maps.Clone(itemLabels["p3"]), Fields: []digest.Total{
			total(P3Projects, bot.FieldInteger, 1), total(P3Disbursed, bot.FieldMoney, 160.0)}},
	}
	for i := range d.Headline {
		sumInto(d, &d.Headline[i])
	}
	for i := range d.Items {
		for j := range d.Items[i].Fields {
			sumInto(d, &d.Items[i].Fields[j])
		}
	}
	d.Notes = notes(loc)
	d.Unreachable = []digest.Unreachable{{Member: "Triệu Thị Dung", Channel: "telegram",
		Reason: bot.ReasonBlocked, At: time.Date(2020, 9, 17, 8, 0, 3, 0, loc)}}
	return d
}

// tenths turns a figure kept in tenths (59890) into its value (5989.0), so
// that sums of the sample are exact.
func tenths(n int) float64 { return float64(n) / 10 }

// rates computes a unit's rates the way digest.Build does.
func rates(u digest.UnitRow) (disbursement, headline float64) {
	var done, plan float64
	for _, f := range []string{InfraDisbursed, ProdDisbursed, P3Disbursed} {
		if t := u.Targets[f]; t > 0 {
			done += u.Values[f]
			plan += t
		}
	}
	disbursement, headline = -1, -1
	if plan > 0 {
		disbursement = done / plan * 100
	}
	if t := u.Targets[Households]; t > 0 {
		headline = u.Values[Households] / t * 100
	}
	return disbursement, headline
}

// total starts the Total of field with its previous-period sum.
func total(field string, typ bot.FieldType, prev float64) digest.Total {
	f := fields[field]
	return digest.Total{Field: field, Type: typ, Label: maps.Clone(f.label), Unit: maps.Clone(f.unit), Prev: prev}
}

// sumInto fills t's value and target from the units, summing in tenths so
// that one-decimal figures add up exactly.
func sumInto(d *digest.Digest, t *digest.Total) {
	var v, tgt int64
	for _, u := range d.Units {
		v += int64(u.Values[t.Field]*10 + 0.5)
		tgt += int64(u.Targets[t.Field]*10 + 0.5)
	}
	t.Value, t.Target = float64(v)/10, float64(tgt)/10
}

func notes(loc *time.Location) []digest.Note {
	difficulties := func() i18n.Text { return text("Khó khăn, vướng mắc", "Difficulties and obstacles") }
	proposals := func() i18n.Text { return text("Đề xuất, kiến nghị", "Proposals and requests") }
	return []digest.Note{
		{Unit: "bang-phuc", Field: "difficulties", Label: difficulties(), Member: "Ma Văn Cường",
			At:   time.Date(2020, 9, 18, 16, 40, 0, 0, loc),
			Text: "Mưa kéo dài, 01 công trình đường giao thông nông thôn thôn Nà Pài chậm thi công."},
		{Unit: "bang-phuc", Field: "proposals", Label: proposals(), Member: "Ma Văn Cường",
			At:   time.Date(2020, 9, 18, 16, 40, 0, 0, loc),
			Text: "Đề nghị huyện sớm cấp bổ sung vốn cho công trình thủy lợi Khuổi Đeng."},
		{Unit: "xuan-lac", Field: "difficulties", Label: difficulties(), Member: "Hoàng Thị Bình",
			At:   time.Date(2020, 9, 17, 10, 15, 0, 0, loc),
			Text: "Một số hộ chưa đủ vốn đối ứng để tham gia mô hình nuôi trâu sinh sản."},
	}
}

// Values returns every unit's figures of 2020-W38 in the sample, by unit
// code and field, for tests that file them as reports through a store.
func Values() map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, u := range Sample().Units {
		out[u.Code] = maps.Clone(u.Values)
	}
	return out
}
