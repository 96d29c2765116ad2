package digest_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/chart"
	"fieldbot/bot/digest/sheet"
	"fieldbot/i18n"
	"fieldbot/store"
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

// bigStore is a database holding weeks of reports of every unit of cfg,
// the last week's period and the Monday 09:00 of the first.
func bigStore(b *testing.B, cfg *bot.Config, weeks int) (*store.DB, bot.Period, time.Time) {
	db := openStore(b, true)
	units := len(cfg.Units)
	start := time.Date(2020, 1, 6, 9, 0, 0, 0, cfg.Area.Location) // Monday of 2020-W02
	var last bot.Period
	for w := range weeks {
		at := start.AddDate(0, 0, 7*w)
		last = cfg.Period.PeriodAt(at, cfg.Area.Location)
		for lo := 0; lo < units; lo += 2500 {
			err := db.Update(context.Background(), func(tx bot.Tx) error {
				for u := lo; u < min(lo+2500, units); u++ {
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
	return db, last, start
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
			db, last, start := bigStore(b, cfg, weeks)
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

// BenchmarkDigest is the whole weekly digest of one language as the bot
// makes it, at 10,000 units × 20 fields × 52 weeks: Build in a read-only
// transaction, then the text, the PNG chart and the XLSX workbook (the
// renderers cmd/fieldbot wires in). Besides time and allocations it
// reports cpu-ms/op, the process's CPU time per digest (on two cores the
// garbage collector's share included), peak-heap-MB, the highest heap in use sampled every millisecond
// during the runs (the database itself is memory-mapped, not heap), and
// base-heap-MB, the heap in use before them (the configuration).
func BenchmarkDigest(b *testing.B) {
	const units, weeks = 10000, 52
	cfg := bigConfig(units)
	db, last, start := bigStore(b, cfg, weeks)
	g := digest.NewDigester(cfg,
		digest.Renderer{Ext: "png", Photo: true, Render: chart.PNG},
		digest.Renderer{Ext: "xlsx", Render: sheet.XLSX})
	runtime.GC()
	base := heapInUse()
	peak := startHeapSampler(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	var sizes [2]int
	for b.Loop() {
		var data bot.DigestData
		err := db.View(context.Background(), func(tx bot.Tx) error {
			var err error
			data, err = g.Build(tx, last, start)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		msgs, err := g.Render(data, []i18n.Lang{i18n.VI})
		if err != nil {
			b.Fatal(err)
		}
		m := msgs[i18n.VI]
		if m.Text == "" || len(m.Attach) != 2 || len(m.Attach[0].Data) == 0 || len(m.Attach[1].Data) == 0 {
			b.Fatalf("digest = %d characters and %d attachments", len(m.Text), len(m.Attach))
		}
		sizes = [2]int{len(m.Attach[0].Data), len(m.Attach[1].Data)}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(base)/(1<<20), "base-heap-MB")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(sizes[0])/(1<<20), "png-MB")
	b.ReportMetric(float64(sizes[1])/(1<<20), "xlsx-MB")
}

// heapSample names the heap in use: the spans holding objects, live or
// not yet swept, and their free slots (MemStats.HeapInuse).
var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}

// heapInUse is the heap in use now, in bytes.
func heapInUse() uint64 {
	s := slices.Clone(heapSample)
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// startHeapSampler samples the heap in use every millisecond until the
// benchmark ends; the function it returns stops it and gives the highest.
func startHeapSampler(b *testing.B) func() uint64 {
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if h := heapInUse(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	var once sync.Once
	end := func() uint64 {
		once.Do(func() { close(stop); <-done })
		return peak.Load()
	}
	b.Cleanup(func() { end() })
	return end
}
