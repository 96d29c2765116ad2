package digest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
)

// BenchmarkForecast builds the digest of week 38 for 10,000 units that
// reported every week since week 34 (so every target has a forecast), with
// the forecast and, as the baseline in the same run, without it: the
// forecast reads three more periods.
func BenchmarkForecast(b *testing.B) {
	cfg := crowdedConfig(phoneUnits)
	loc := cfg.Area.Location
	db := openStore(b, true)
	var last bot.Period
	for k := 4; k >= 0; k-- {
		last, _ = cfg.Period.ParsePeriod(fmt.Sprintf("2020-W%d", 38-k), loc)
		for lo := 0; lo < phoneUnits; lo += 2500 {
			err := db.Update(context.Background(), func(tx bot.Tx) error {
				for u := lo; u < lo+2500; u++ {
					vals := map[string]float64{"households": float64(10 - k + u%5), "money0": float64(500 - 20*k), "money1": float64(200 - 10*k)}
					put(b, tx, last.Key, cfg.Units[u].Code, cfg.Members[u].ID, last.Start.Add(50*time.Hour), vals, nil)
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("forecast=%v", on), func(b *testing.B) {
			digest.SetNoForecast(!on)
			defer digest.SetNoForecast(false)
			b.ReportAllocs()
			for b.Loop() {
				err := db.View(context.Background(), func(tx bot.Tx) error {
					d, err := digest.Build(tx, cfg, last, last.End)
					if err == nil && (len(d.Forecasts) > 0) != on {
						b.Fatalf("%d forecasts", len(d.Forecasts))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
