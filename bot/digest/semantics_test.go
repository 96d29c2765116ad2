package digest_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// filing is one report of a scenario: unit, period, day offset from the
// period's Thursday, figures and text or choice answers.
type filing struct {
	unit, period string
	vals         map[string]float64
	texts        map[string]string
}

// build files the reports in a fresh store and builds the digest of
// 2020-W38 of the demo configuration.
func build(t *testing.T, cfg *bot.Config, filings []filing) *digest.Digest {
	t.Helper()
	return buildWith(t, cfg, filings, nil)
}

// buildWith is build with more to store after the filings (nil: nothing).
func buildWith(t *testing.T, cfg *bot.Config, filings []filing, more func(tx bot.Tx) error) *digest.Digest {
	t.Helper()
	db := openStore(t, true)
	loc := cfg.Area.Location
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		for i, f := range filings {
			p, err := cfg.Period.ParsePeriod(f.period, loc)
			if err != nil {
				return err
			}
			at := p.Start.Add(3*24*time.Hour + 9*time.Hour + time.Duration(i)*time.Minute)
			put(t, tx, f.period, f.unit, "hoang-thi-binh", at, f.vals, f.texts)
		}
		if more != nil {
			return more(tx)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cfg.Period.ParsePeriod("2020-W38", loc)
	var d *digest.Digest
	if err := db.View(context.Background(), func(tx bot.Tx) error {
		d, err = digest.Build(tx, cfg, p, time.Date(2020, 9, 21, 7, 30, 0, 0, loc))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return d
}

// onlyBanThi is a week in which Bản Thi alone reported, with nothing to
// propose.
func onlyBanThi() []filing {
	return []filing{{unit: "ban-thi", period: "2020-W38", vals: digesttest.Values()["ban-thi"],
		texts: map[string]string{"progress": "behind", "difficulties": "Thiếu xi măng.", "proposals": "không"}}}
}

// TestSilentUnitsAreNotRanked: units without figures are "chưa có số
// liệu", not the lowest rates at 0 %.
func TestSilentUnitsAreNotRanked(t *testing.T) {
	text := digest.Text(build(t, config.Demo(), onlyBanThi()), i18n.VI, bot.Weekly)
	for _, bad := range []string{": 0%", "Bằng Lũng: 0", "Tỷ lệ giải ngân thấp nhất"} {
		if strings.Contains(text, bad) {
			t.Errorf("digest has %q:\n%s", bad, text)
		}
	}
	if !strings.Contains(text, "• Xã Đại Sảo — phụ trách: Nông Thị Hoa; chưa có số liệu") {
		t.Errorf("Đại Sảo is not said to have no figures:\n%s", text)
	}
}

// TestNothingToReportIsNotQuoted: "không" is no proposal.
func TestNothingToReportIsNotQuoted(t *testing.T) {
	d := build(t, config.Demo(), onlyBanThi())
	for _, n := range d.Notes {
		if n.Field == "proposals" {
			t.Errorf("quoted %q as a proposal", n.Text)
		}
	}
	if len(d.Notes) != 1 || d.Notes[0].Text != "Thiếu xi măng." {
		t.Errorf("notes = %+v, want the one difficulty", d.Notes)
	}
}

// TestNothingListIsConfigured: an empty list quotes every answer.
func TestNothingListIsConfigured(t *testing.T) {
	cfg := config.Demo()
	cfg.Digest.Nothing = []string{}
	d := build(t, cfg, onlyBanThi())
	if len(d.Notes) != 2 {
		t.Errorf("notes = %+v, want the difficulty and the proposal", d.Notes)
	}
}

// TestReportedRateDisagrees: a percent field that reports a rate checks
// against the figures, within RateTolerance.
func TestReportedRateDisagrees(t *testing.T) {
	cfg := config.Demo()
	cfg.Form.Fields = append(cfg.Form.Fields, bot.Field{ID: "infra_rate", Type: bot.FieldPercent,
		Label: i18n.Text{i18n.VI: "Tỷ lệ giải ngân CT135", i18n.EN: "Program 135 disbursement rate"}, RateOf: digesttest.InfraDisbursed})
	vals := digesttest.Values()
	bt, xl := vals["ban-thi"], vals["xuan-lac"] // 521,8/823,3 = 63,4 %; 304,7/715,5 = 42,6 %
	bt["infra_rate"], xl["infra_rate"] = 80, 42.9
	d := build(t, cfg, []filing{{unit: "ban-thi", period: "2020-W38", vals: bt}, {unit: "xuan-lac", period: "2020-W38", vals: xl}})
	var got []digest.Check
	for _, c := range d.Checks {
		if c.Kind == digest.CheckPercent {
			got = append(got, c)
		}
	}
	if len(got) != 1 || got[0].Unit != "ban-thi" || got[0].Value != 80 {
		t.Fatalf("percent checks = %+v, want Bản Thi's 80 %%", got)
	}
	text := digest.Text(d, i18n.VI, bot.Weekly)
	if want := "• Xã Bản Thi — Tỷ lệ giải ngân CT135: báo cáo 80%, tính từ số liệu được 63,4%"; !strings.Contains(text, want) {
		t.Errorf("digest lacks %q:\n%s", want, text)
	}
}

// TestStaleAfterIsConfigured: with 1, last week's figures are stale.
func TestStaleAfterIsConfigured(t *testing.T) {
	cfg := config.Demo()
	filings := []filing{{unit: "ban-thi", period: "2020-W36", vals: digesttest.Values()["ban-thi"]}}
	if d := build(t, cfg, filings); len(d.Checks) != 0 {
		t.Errorf("week 36 is stale with the default %d: %+v", digest.DefaultStaleAfter, d.Checks)
	}
	cfg.Digest.StaleAfter = 1
	d := build(t, cfg, filings)
	if len(d.Checks) != 1 || d.Checks[0].Kind != digest.CheckStale || d.Checks[0].Unit != "ban-thi" {
		t.Errorf("checks = %+v, want Bản Thi's stale figures", d.Checks)
	}
}

// TestChecksAreCapped: past TextLimits[0].Checks of a kind the section says how many
// more of that kind there are.
func TestChecksAreCapped(t *testing.T) {
	var filings []filing
	for code, v := range digesttest.Values() {
		v[digesttest.Households] = 99 // over every unit's target
		filings = append(filings, filing{unit: code, period: "2020-W38", vals: v})
	}
	d := build(t, config.Demo(), filings)
	extra := make([]digest.Check, digest.TextLimits[0].Checks)
	for i := range extra {
		extra[i] = d.Checks[0]
	}
	d.Checks = append(d.Checks, extra...)
	text := digest.Text(d, i18n.VI, bot.Weekly)
	if n := strings.Count(text, "vượt chỉ tiêu"); n != digest.TextLimits[0].Checks {
		t.Errorf("%d over-target lines, want %d", n, digest.TextLimits[0].Checks)
	}
	if want := "• … và " + strconv.Itoa(len(d.Checks)-digest.TextLimits[0].Checks) + " số liệu khác vượt kế hoạch vốn, chỉ tiêu"; len(d.Checks) != 25 || !strings.Contains(text, want) {
		t.Errorf("digest lacks %q:\n%s", want, text)
	}
}
