package digest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// bigConfig is a national-scale area: units × 20 numeric fields (a headline
// target, three items of count and money, and thirteen more figures).
func bigConfig(units int) *bot.Config {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	txt := func(s string) i18n.Text { return i18n.Text{i18n.VI: s, i18n.EN: s} }
	cfg := &bot.Config{Area: bot.Area{Name: txt("Cả nước"), Program: txt("Chương trình"), Location: loc},
		Period: bot.PeriodSpec{Kind: bot.Weekly}}
	cfg.Form.Fields = append(cfg.Form.Fields, bot.Field{ID: "households", Type: bot.FieldInteger, Label: txt("Hộ"), Target: true, Cumulative: true})
	for i := range 3 {
		count, money := fmt.Sprintf("works%d", i), fmt.Sprintf("money%d", i)
		cfg.Form.Fields = append(cfg.Form.Fields,
			bot.Field{ID: count, Type: bot.FieldInteger, Label: txt(count), Target: true},
			bot.Field{ID: money, Type: bot.FieldMoney, Label: txt(money), Target: true, Cumulative: true})
		cfg.Items = append(cfg.Items, bot.Item{ID: fmt.Sprintf("item%d", i), Label: txt("Dự án"), Fields: []string{count, money}})
	}
	for i := range 13 {
		cfg.Form.Fields = append(cfg.Form.Fields, bot.Field{ID: fmt.Sprintf("x%02d", i), Type: bot.FieldDecimal, Label: txt("x")})
	}
	for u := range units {
		unit := bot.Unit{Code: fmt.Sprintf("u%05d", u), Name: txt(fmt.Sprintf("Xã %d", u)), Targets: map[string]float64{}}
		for _, f := range cfg.Form.Fields {
			if f.Target {
				unit.Targets[f.ID] = float64(10 + u%50)
			}
		}
		cfg.Units = append(cfg.Units, unit)
	}
	cfg.Members = []bot.Member{{ID: "m", Name: "M", Role: bot.RoleMember, Units: []string{cfg.Units[0].Code}}}
	cfg.Index()
	return cfg
}

// BenchmarkBuild builds and renders the digest of the last week for 10,000
// units × 20 fields, with 1, 2 and 52 weeks of history in the database: the
// cost should follow the period, not the history. (With 1 week the previous
// period is empty; from 2 weeks on, the digest reads two periods: the one
// reported and the one before it, for the changes.)
func BenchmarkBuild(b *testing.B) {
	const units = 10000
	cfg := bigConfig(units)
	for _, weeks := range []int{1, 2, 52} {
		b.Run(fmt.Sprintf("units=%d/weeks=%d", units, weeks), func(b *testing.B) {
			db := openStore(b, true)
			start := time.Date(2020, 1, 6, 9, 0, 0, 0, cfg.Area.Location) // Monday of 2020-W02
			var last bot.Period
			for w := range weeks {
				at := start.AddDate(0, 0, 7*w)
				last = cfg.Period.PeriodAt(at, cfg.Area.Location)
				for lo := 0; lo < units; lo += 2500 {
					err := db.Update(context.Background(), func(tx bot.Tx) error {
						for u := lo; u < lo+2500; u++ {
							vals := map[string]float64{}
							for i, f := range cfg.Form.Fields {
								vals[f.ID] = float64(w*3 + u%7 + i)
							}
							put(b, tx, last.Key, cfg.Units[u].Code, "m", at, vals, nil)
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				err := db.View(context.Background(), func(tx bot.Tx) error {
					d, err := digest.Build(tx, cfg, last, start)
					if err == nil && d.Reported != units {
						b.Fatalf("reported = %d", d.Reported)
					}
					_ = digest.Text(d, i18n.VI, cfg.Period.Kind)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
