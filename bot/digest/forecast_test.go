package digest_test

import (
	"math"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// latestAt is each unit's figure of field in its newest filing up to the
// week key (keys sort in time order), worked out from the filings alone.
func latestAt(filings []filing, field, key string) map[string]float64 {
	out := map[string]float64{}
	best := map[string]string{}
	for _, f := range filings {
		v, ok := f.vals[field]
		if !ok || f.period > key || f.period < best[f.unit] {
			continue
		}
		out[f.unit], best[f.unit] = v, f.period
	}
	return out
}

// TestForecastFromHistory checks the forecast of the four-week scenario
// against the pace worked out from the filings: (week 38 − week 34) / 4 per
// unit with a target, 102 days (14 4/7 weeks) left after 20/09/2020.
func TestForecastFromHistory(t *testing.T) {
	cfg := config.Demo()
	filings := fourWeeks()
	d := build(t, cfg, filings)
	byField := map[string]digest.Forecast{}
	for _, f := range d.Forecasts {
		byField[f.Field] = f
	}
	if len(d.Forecasts) != 4 {
		t.Fatalf("%d forecasts, want households and the three items' money: %+v", len(d.Forecasts), d.Forecasts)
	}
	remaining := 102.0 / 7
	for _, field := range []string{digesttest.Households, digesttest.InfraDisbursed, digesttest.ProdDisbursed, digesttest.P3Disbursed} {
		f, ok := byField[field]
		if !ok {
			t.Errorf("no forecast of %s", field)
			continue
		}
		now, then := latestAt(filings, field, "2020-W38"), latestAt(filings, field, "2020-W34")
		var value, target, pace float64
		units := 0
		for _, u := range cfg.Units {
			value += now[u.Code]
			if tgt := u.Targets[field]; tgt > 0 {
				target += tgt
				units++
				pace += (now[u.Code] - then[u.Code]) / 4
			}
		}
		if math.Abs(f.Value-value) > 1e-6 || math.Abs(f.Target-target) > 1e-6 || math.Abs(f.Pace-pace) > 1e-6 {
			t.Errorf("%s: value %v target %v pace %v; want %v %v %v", field, f.Value, f.Target, f.Pace, value, target, pace)
		}
		if f.Units != units || f.Covered != units || math.Abs(f.Remaining-remaining) > 1e-9 {
			t.Errorf("%s: units %d covered %d remaining %v; want %d, %d, %v", field, f.Units, f.Covered, f.Remaining, units, units, remaining)
		}
		if want := value + pace*remaining; math.Abs(f.Projected-want) > 1e-6 {
			t.Errorf("%s: projected %v, want %v", field, f.Projected, want)
		}
		if want := math.Max(0, target-value) / remaining; math.Abs(f.Needed-want) > 1e-6 {
			t.Errorf("%s: needed %v, want %v", field, f.Needed, want)
		}
		if len(f.Trend) != 3 || f.Trend[0].Period.Key != "2020-W34" || f.Trend[1].Period.Key != "2020-W37" || f.Trend[2].Period.Key != "2020-W38" {
			t.Fatalf("%s: trend %+v", field, f.Trend)
		}
		for _, pt := range f.Trend {
			var sum float64
			for _, v := range latestAt(filings, field, pt.Period.Key) {
				sum += v
			}
			if math.Abs(pt.Value-sum) > 1e-6 || !pt.Known {
				t.Errorf("%s: %s total %v, want %v", field, pt.Period.Key, pt.Value, sum)
			}
		}
		if f.YearEnd.Format("02/01/2006") != "31/12/2020" {
			t.Errorf("%s: year end %v", field, f.YearEnd)
		}
	}
	hh := byField[digesttest.Households]
	if hh.OnTrack() || hh.BehindCount != 15 || len(hh.Behind) != digest.ForecastUnits || hh.Behind[0].Unit != "bang-lung" {
		t.Errorf("households: on track %v, %d behind, first %+v", hh.OnTrack(), hh.BehindCount, hh.Behind)
	}
	for i := 1; i < len(hh.Behind); i++ {
		a, b := hh.Behind[i-1], hh.Behind[i]
		if a.Projected/a.Target > b.Projected/b.Target {
			t.Errorf("behind not in order: %+v before %+v", a, b)
		}
	}
	if !byField[digesttest.ProdDisbursed].OnTrack() || !byField[digesttest.P3Disbursed].Reached() {
		t.Errorf("production should be on track and Project 3 done: %+v", d.Forecasts)
	}
}

// TestNoForecastWithoutHistory: two weeks of history are not four; the
// digest says nothing of a pace.
func TestNoForecastWithoutHistory(t *testing.T) {
	d := build(t, config.Demo(), scenarios["all"]())
	if len(d.Forecasts) != 0 {
		t.Errorf("forecasts without history: %+v", d.Forecasts)
	}
	for _, lang := range i18n.Langs {
		if text := digest.Text(d, lang, bot.Weekly); strings.Contains(text, i18n.For(lang).T("forecast.heading", "year", 2020)) {
			t.Errorf("%s: forecast heading without history:\n%s", lang, text)
		}
	}
}

// TestForecastPartialHistory: when one unit alone had figures four weeks
// ago, the pace is its own and the text says it covers 1 of the units; a
// unit that did not move is "không tăng".
func TestForecastPartialHistory(t *testing.T) {
	v := digesttest.Values()["ban-thi"]
	old := map[string]float64{digesttest.Households: v[digesttest.Households] - 4}
	filings := []filing{{unit: "ban-thi", period: "2020-W34", vals: old}}
	filings = append(filings, weekOf("2020-W38", nil, nil)...)
	d := build(t, config.Demo(), filings)
	if len(d.Forecasts) != 1 {
		t.Fatalf("forecasts %+v, want households only", d.Forecasts)
	}
	f := d.Forecasts[0]
	if f.Covered != 1 || f.Units != 20 || f.Pace != 1 {
		t.Errorf("covered %d/%d pace %v, want 1/20 at 1 a week", f.Covered, f.Units, f.Pace)
	}
	text := digest.Text(d, i18n.VI, bot.Weekly)
	if !strings.Contains(text, "tốc độ tính trên 1/20 xã, thị trấn có số liệu từ 4 tuần trước") {
		t.Errorf("coverage of the pace not said:\n%s", text)
	}

	same := []filing{{unit: "ban-thi", period: "2020-W34", vals: v}, {unit: "ban-thi", period: "2020-W38", vals: v}}
	text = digest.Text(build(t, config.Demo(), same), i18n.VI, bot.Weekly)
	if !strings.Contains(text, "Số hộ thoát nghèo từ đầu năm: không tăng trong 4 tuần gần đây (12/301 hộ)") {
		t.Errorf("a target that did not move is not said so:\n%s", text)
	}
}
