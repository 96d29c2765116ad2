package main

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/console"
	"fieldbot/i18n"
)

// seedWeek is one week of demo reports: when the members report, and the
// district totals their unit figures add up to (fields not listed get half
// of their target).
type seedWeek struct {
	start  string // first report, "2006-01-02 15:04" in the area's zone
	totals map[string]float64
	notes  map[string]map[string]string // unit → text field → answer
}

// seedWeeks are 2020-W37 and 2020-W38. The W38 totals are the ones Chợ Đồn
// reported in September 2020 (NOTES.md); the notes are invented demo data.
var seedWeeks = []seedWeek{
	{start: "2020-09-10 08:30", totals: map[string]float64{
		"households_escaped": 203, "p135_infra_works": 41, "p135_infra_disbursed": 5512.0,
		"p135_prod_projects": 19, "p135_prod_disbursed": 2385.5, "p3_projects": 1, "p3_disbursed": 160.0}},
	{start: "2020-09-17 08:30", totals: map[string]float64{
		"households_escaped": 215, "p135_infra_works": 41, "p135_infra_disbursed": 5989.0,
		"p135_prod_projects": 19, "p135_prod_disbursed": 2620.0, "p3_projects": 1, "p3_disbursed": 160.0},
		notes: map[string]map[string]string{
			"bang-phuc":   {"difficulties": "Mưa lũ kéo dài, 01 công trình đường giao thông nông thôn chậm thi công."},
			"yen-thuong":  {"difficulties": "Nhà thầu chậm hoàn thiện hồ sơ thanh toán khối lượng."},
			"nam-cuong":   {"proposals": "Đề nghị huyện sớm cấp bổ sung vốn cho công trình thủy lợi."},
			"quang-bach":  {"difficulties": "Giá giống cây trồng tăng, hộ dân chậm đối ứng.", "proposals": "Đề nghị cho phép điều chỉnh dự án hỗ trợ sản xuất sang nuôi bò."},
			"xuan-lac":    {"proposals": "Đề nghị tập huấn lại cho cán bộ xã về thủ tục giải ngân."},
			"phuong-vien": {"difficulties": "Một số hộ chưa muốn ra khỏi danh sách hộ nghèo."},
		}},
}

// seedReports enters one report per unit for each seed week through the
// engine, typed as each member would type it, then marks the replies read.
func (e *env) seedReports(ctx context.Context, cfg *bot.Config, db bot.Store) error {
	var now time.Time
	clock := bot.ClockFunc(func() time.Time { return now })
	log := e.logger(false)
	eng := bot.New(bot.Options{Config: cfg, Store: db, Clock: clock, Logger: log})
	for _, wk := range seedWeeks {
		start, err := time.ParseInLocation("2006-01-02 15:04", wk.start, cfg.Area.Location)
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		now = start
		values := seedValues(cfg, wk.totals)
		for _, m := range cfg.Members {
			if err := eng.Bind(ctx, console.Name, m.ID, m.ID); err != nil {
				return err
			}
			lang, err := effectiveLang(ctx, db, &m)
			if err != nil {
				return err
			}
			for i, code := range m.Units {
				lines := seedLines(cfg, lang, i, code, values[code], wk.notes[code], now)
				if err := seedConversation(ctx, eng, m.ID, lines); err != nil {
					return fmt.Errorf("seed %s/%s: %w", m.ID, code, err)
				}
				now = now.Add(7 * time.Minute)
			}
		}
		if err := checkSeeded(ctx, db, eng.PeriodAt(start).Key, cfg, values); err != nil {
			return err
		}
	}
	// The members read the bot's replies while they typed: clear them.
	err := discardOutbox(ctx, db, clock, log)
	fmt.Fprintln(e.stdout, e.p.T("cli.seeded", "units", len(cfg.Units), "weeks", len(seedWeeks)))
	return err
}

// seedValues apportions each field's district total over the units in
// proportion to their targets, in steps of 0.1 (money) or 1, so the unit
// figures add up exactly to the total.
func seedValues(cfg *bot.Config, totals map[string]float64) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, u := range cfg.Units {
		out[u.Code] = map[string]float64{}
	}
	for _, f := range cfg.Form.Fields {
		if !f.Type.Numeric() || !f.Target {
			continue
		}
		step := 1.0
		if f.Type == bot.FieldMoney {
			step = 0.1
		}
		var plan float64
		for _, u := range cfg.Units {
			plan += u.Targets[f.ID]
		}
		total, ok := totals[f.ID]
		if !ok {
			total = plan / 2
		}
		for i, v := range apportion(total, spread(cfg, f.ID, total/plan), step) {
			if cfg.Units[i].Targets[f.ID] > 0 {
				out[cfg.Units[i].Code][f.ID] = v
			}
		}
	}
	return out
}

// spread weighs each unit's target by a fixed factor around 1, so the demo
// units progress unevenly (there are laggards to name) while no unit goes
// past its plan: the factors stay within what the overall ratio leaves.
func spread(cfg *bot.Config, field string, ratio float64) []float64 {
	amp := 0.0
	if ratio > 0 && ratio < 1 {
		amp = min(0.4, 0.9*(1/ratio-1))
	}
	w := make([]float64, len(cfg.Units))
	for i, u := range cfg.Units {
		f := 1 - amp + 2*amp*float64((i*37)%20)/19
		w[i] = u.Targets[field] * f
	}
	return w
}

// apportion splits total over weights in whole steps by largest remainder.
func apportion(total float64, weights []float64, step float64) []float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	steps := int(math.Round(total / step))
	counts := make([]int, len(weights))
	rest := make([]int, 0, len(weights))
	given := 0
	for i, w := range weights {
		if sum == 0 {
			break
		}
		share := float64(steps) * w / sum
		counts[i] = int(math.Floor(share))
		given += counts[i]
		rest = append(rest, i)
	}
	sort.SliceStable(rest, func(a, b int) bool {
		fa := float64(steps)*weights[rest[a]]/sum - float64(counts[rest[a]])
		fb := float64(steps)*weights[rest[b]]/sum - float64(counts[rest[b]])
		return fa > fb
	})
	for k := 0; given < steps && k < len(rest); k++ {
		counts[rest[k]]++
		given++
	}
	out := make([]float64, len(weights))
	for i, c := range counts {
		out[i] = math.Round(float64(c)*step*10) / 10
	}
	return out
}

// seedLines is what the member types to report on their i-th unit.
func seedLines(cfg *bot.Config, lang i18n.Lang, i int, code string, vals map[string]float64, notes map[string]string, now time.Time) []string {
	u, _ := cfg.Unit(code)
	lines := []string{"/baocao", strconv.Itoa(i + 1)}
	for _, f := range cfg.Form.Fields {
		if f.OnlyWithTarget && u.Targets[f.ID] == 0 {
			continue
		}
		lines = append(lines, seedAnswer(&f, lang, vals, notes, now))
	}
	return append(lines, "/xacnhan")
}

// effectiveLang is the language m reads and types in: chosen with /ngonngu,
// or the roster's.
func effectiveLang(ctx context.Context, db bot.Store, m *bot.Member) (i18n.Lang, error) {
	lang := m.Lang
	err := db.View(ctx, func(tx bot.Tx) error {
		st, err := tx.MemberState(m.ID)
		if st.Lang != "" {
			lang = st.Lang
		}
		return err
	})
	return lang, err
}

// seedAnswer types one answer the member's way.
func seedAnswer(f *bot.Field, lang i18n.Lang, vals map[string]float64, notes map[string]string, now time.Time) string {
	switch f.Type {
	case bot.FieldInteger:
		return strconv.Itoa(int(vals[f.ID]))
	case bot.FieldMoney, bot.FieldDecimal:
		return i18n.FormatNumber(lang, vals[f.ID], 1)
	case bot.FieldPercent:
		return i18n.FormatNumber(lang, vals[f.ID], 1) + "%"
	case bot.FieldSelect, bot.FieldYesNo:
		return "1"
	case bot.FieldDate:
		return now.Format("02/01/2006")
	case bot.FieldText:
		if s := notes[f.ID]; s != "" {
			return s
		}
	}
	if f.Required {
		return "-"
	}
	return "/boqua"
}

// seedConversation sends lines one by one, as a member types them.
func seedConversation(ctx context.Context, eng *bot.Engine, member string, lines []string) error {
	chat := bot.ChatRef{Channel: console.Name, ChatID: member}
	for _, l := range lines {
		if err := eng.Handle(ctx, []bot.Update{console.Update(chat, member, l)}); err != nil {
			return err
		}
	}
	return nil
}

// checkSeeded verifies every unit's stored report holds the intended figures,
// so a conversation that went astray cannot pass unnoticed.
func checkSeeded(ctx context.Context, db bot.Store, period string, cfg *bot.Config, values map[string]map[string]float64) error {
	return db.View(ctx, func(tx bot.Tx) error {
		for _, u := range cfg.Units {
			r, err := tx.LatestReport(period, u.Code)
			if err != nil {
				return fmt.Errorf("seed: %s %s was not stored: %w", period, u.Code, err)
			}
			for id, want := range values[u.Code] {
				if got := r.Values[id].Num; math.Abs(got-want) > 1e-9 {
					return fmt.Errorf("seed: %s %s %s = %v, want %v", period, u.Code, id, got, want)
				}
			}
		}
		return nil
	})
}

// discard is a console-named channel that drops what it is given.
type discard struct{}

func (discard) Name() string                              { return console.Name }
func (discard) Caps() bot.Caps                            { return bot.Caps{} }
func (discard) InviteLink(string) string                  { return "" }
func (discard) Send(context.Context, *bot.Outgoing) error { return nil }
