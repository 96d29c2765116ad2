package digest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// phoneUnits is the national scale the digest text must still fit a phone at.
const phoneUnits = 10000

// PhoneMessages is how many Telegram messages the digest text may take.
const phoneMessages = 3

// crowdedConfig is units units with a headline target, two items of money
// with a plan, a progress rating and two text answers, and one member per
// unit with a long name.
func crowdedConfig(units int) *bot.Config {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	txt := func(vi, en string) i18n.Text { return i18n.Text{i18n.VI: vi, i18n.EN: en} }
	cfg := &bot.Config{Area: bot.Area{Name: txt("Cả nước", "The whole country"), Program: txt("Chương trình MTQG giảm nghèo bền vững", "Poverty reduction"), Location: loc},
		Period: bot.PeriodSpec{Kind: bot.Weekly}}
	cfg.Form.Fields = []bot.Field{
		{ID: "households", Type: bot.FieldInteger, Label: txt("Số hộ thoát nghèo từ đầu năm", "Households lifted out of poverty"),
			Unit: txt("hộ", "household|households"), Target: true, Cumulative: true},
		{ID: "progress", Type: bot.FieldSelect, Label: txt("Đánh giá chung tiến độ thực hiện", "Overall progress"), Choices: []bot.FieldChoice{
			{ID: "on_track", Label: txt("Đúng tiến độ", "On track")}, {ID: "behind", Label: txt("Chậm tiến độ", "Behind")},
			{ID: "at_risk", Label: txt("Có nguy cơ không đạt", "At risk")}}},
		{ID: "difficulties", Type: bot.FieldText, Label: txt("Khó khăn, vướng mắc", "Difficulties")},
		{ID: "proposals", Type: bot.FieldText, Label: txt("Đề xuất, kiến nghị", "Proposals")},
	}
	for i := range 2 {
		money := fmt.Sprintf("money%d", i)
		cfg.Form.Fields = append(cfg.Form.Fields, bot.Field{ID: money, Type: bot.FieldMoney,
			Label: txt(fmt.Sprintf("Vốn dự án %d đã giải ngân (lũy kế)", i+1), fmt.Sprintf("Project %d funds disbursed", i+1)),
			Unit:  txt("triệu đồng", "million VND"), Target: true, Cumulative: true})
		cfg.Items = append(cfg.Items, bot.Item{ID: fmt.Sprintf("item%d", i), Label: txt(fmt.Sprintf("Dự án %d", i+1), fmt.Sprintf("Project %d", i+1)), Fields: []string{money}})
	}
	for u := range units {
		code := fmt.Sprintf("u%05d", u)
		cfg.Units = append(cfg.Units, bot.Unit{Code: code, Name: txt(fmt.Sprintf("Xã Phúc Lộc Thượng Hạ %05d", u), fmt.Sprintf("Phúc Lộc Thượng Hạ %05d commune", u)),
			Targets: map[string]float64{"households": float64(20 + u%30), "money0": 1000, "money1": 500}})
		cfg.Members = append(cfg.Members, bot.Member{ID: "m" + code, Name: fmt.Sprintf("Nguyễn Thị Phương Thảo %05d", u), Role: bot.RoleMember, Units: []string{code}})
	}
	cfg.Index()
	return cfg
}

// TestTextFitsAPhone builds the digest of 10,000 units through the real
// store in the worst shape for its length: half the units silent (some
// with figures from weeks ago), every reporting unit at risk with a long
// difficulty and proposal, money over plan and running totals that fell
// everywhere, five weeks of history for a forecast, and 2,000 members the
// bot could not reach. The text must fit in 3 Telegram messages and still
// say the counts.
func TestTextFitsAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 units through the store")
	}
	cfg := crowdedConfig(phoneUnits)
	loc := cfg.Area.Location
	db := openStore(t, true)
	long := strings.Repeat("Mưa lũ kéo dài, đường vào thôn sạt lở, công trình chậm thi công; ", 8)
	for k := 4; k >= 0; k-- {
		p, _ := cfg.Period.ParsePeriod(fmt.Sprintf("2020-W%d", 38-k), loc)
		at := p.Start.Add(50 * time.Hour)
		for lo := 0; lo < phoneUnits; lo += 2500 {
			err := db.Update(context.Background(), func(tx bot.Tx) error {
				for u := lo; u < lo+2500; u++ {
					if u >= phoneUnits/2 && (k == 0 || k < 4 && u%2 == 0) {
						continue // silent this week (even ones since week 34: stale)
					}
					vals := map[string]float64{"households": float64(10 - k), "money0": 1100 + float64(k*10), "money1": float64(300 - 10*k)}
					texts := map[string]string{"progress": "at_risk", "difficulties": long, "proposals": long}
					put(t, tx, p.Key, cfg.Units[u].Code, cfg.Members[u].ID, at, vals, texts)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	p, _ := cfg.Period.ParsePeriod("2020-W38", loc)
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		for u := range 2000 {
			chat := fmt.Sprintf("%d", 1000+u)
			if err := tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: chat, Member: cfg.Members[u].ID}); err != nil {
				return err
			}
			out := &bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: chat}, Text: "x", Created: p.Start.Add(time.Hour)}
			if _, err := tx.Enqueue(out); err != nil {
				return err
			}
			if err := tx.DeadLetter(out.ID, bot.ReasonBlocked, "Forbidden", p.Start.Add(2*time.Hour)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var d *digest.Digest
	if err := db.View(context.Background(), func(tx bot.Tx) error {
		d, err = digest.Build(tx, cfg, p, p.End.Add(7*time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if d.Reported != phoneUnits/2 || len(d.Unreachable) != 2000 || len(d.Notes) != phoneUnits || len(d.Checks) < phoneUnits || len(d.Forecasts) == 0 {
		t.Fatalf("scenario: reported %d, unreachable %d, notes %d, checks %d, forecasts %d",
			d.Reported, len(d.Unreachable), len(d.Notes), len(d.Checks), len(d.Forecasts))
	}
	for _, lang := range i18n.Langs {
		text, lim := digest.TextWithin(d, lang, cfg.Period.Kind)
		if text != digest.Text(d, lang, cfg.Period.Kind) {
			t.Errorf("%s: Text and TextWithin differ", lang)
		}
		parts := bot.SplitText(text, 4096)
		if n := bot.TextUnits(text); len(parts) > phoneMessages || n > phoneMessages*4096 || n > digest.MaxText {
			t.Errorf("%s: %d characters, %d messages; want at most %d", lang, n, len(parts), phoneMessages)
		}
		pr := i18n.For(lang)
		words := pr.T("digest.units_word")
		kinds := map[digest.CheckKind]int{}
		for _, c := range d.Checks {
			kinds[c.Kind]++
		}
		n := func(v int) string { return pr.Int(int64(v)) }
		var names []string
		for _, u := range cfg.Units[:lim.Units] {
			names = append(names, u.Name.In(lang))
		}
		atRisk := cfg.Form.Fields[1].Choices[2].Label.In(lang)
		wants := []string{
			pr.T("digest.completeness", "done", n(phoneUnits/2), "total", n(phoneUnits), "units", words),
			pr.T("digest.missing_more", "count", n(phoneUnits/2-lim.Missing), "units", words),
			pr.T("digest.rating_units_more", "choice", atRisk, "count", n(phoneUnits/2), "names", strings.Join(names, ", "),
				"more", n(phoneUnits/2-lim.Units), "units", words),
			pr.T("digest.notes_more", "count", n(len(d.Notes)-lim.Notes)),
			pr.T("digest.unreachable_more", "count", n(len(d.Unreachable)-lim.Units)),
			pr.T("forecast.behind_more", "count", n(d.Forecasts[0].BehindCount-digest.ForecastUnits), "units", words),
		}
		for k, n := range kinds {
			wants = append(wants, pr.T("digest.checks_more_"+string(k), "count", pr.Int(int64(n-lim.Checks))))
		}
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the text does not say %q:\n%s", lang, want, text)
			}
		}
		t.Logf("%s: %d characters in %d messages, limits %+v", lang, bot.TextUnits(text), len(parts), lim)
	}
}
