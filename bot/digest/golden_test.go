package digest_test

import (
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden digests in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/digest -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; run with -update if the change is right.\n--- got ---\n%s", name, got)
	}
}

// weekOf files every unit's sample figures for period, each changed by
// edit (nil: as they are), with the texts of texts[unit].
func weekOf(period string, edit func(unit string, v map[string]float64), texts map[string]map[string]string) []filing {
	var out []filing
	for _, u := range config.Demo().Units {
		v := maps.Clone(digesttest.Values()[u.Code])
		if edit != nil {
			edit(u.Code, v)
		}
		out = append(out, filing{unit: u.Code, period: period, vals: v, texts: texts[u.Code]})
	}
	return out
}

// lastWeek is 2020-W37: one household and 50 million fewer everywhere.
func lastWeek() []filing {
	return weekOf("2020-W37", func(_ string, v map[string]float64) {
		v[digesttest.Households]--
		if _, ok := v[digesttest.InfraDisbursed]; ok {
			v[digesttest.InfraDisbursed] -= 50
		}
	}, nil)
}

// answers are the progress ratings and notes of week 38: two units behind,
// one at risk, and answers that mean nothing to report.
var answers = map[string]map[string]string{
	"ban-thi":     {"progress": "on_track", "difficulties": "không", "proposals": "Không có."},
	"bang-phuc":   {"progress": "behind", "difficulties": "Mưa lũ kéo dài, 01 công trình đường giao thông nông thôn chậm thi công."},
	"quang-bach":  {"progress": "at_risk", "difficulties": "Giá giống cây trồng tăng, hộ dân chậm đối ứng.", "proposals": "ko"},
	"dong-lac":    {"progress": "behind", "proposals": "-"},
	"xuan-lac":    {"progress": "on_track", "proposals": "Đề nghị tập huấn lại cho cán bộ xã về thủ tục giải ngân."},
	"yen-thuong":  {"difficulties": "chưa"},
	"phuong-vien": {"progress": "on_track"},
}

// fourWeeks is weeks 34 to 38: units lift a household every four weeks
// (Bằng Lũng and Bằng Phúc none) and disburse 15 (infrastructure) and 3
// (production) million a week (Bằng Phúc a quarter of it), so the digest of
// week 38 has four weeks of history and forecasts 31/12: households and
// infrastructure short, production on track, Project 3 done. Nam Cường did
// not report in week 38 and counts with its week 37 figures.
func fourWeeks() []filing {
	var out []filing
	for k := 4; k >= 0; k-- {
		week := fmt.Sprintf("2020-W%d", 38-k)
		for _, f := range weekOf(week, func(unit string, v map[string]float64) {
			pace := 1.0
			switch unit {
			case "bang-lung":
				pace = 0
			case "bang-phuc":
				pace = 0.25
			}
			if pace == 1 {
				v[digesttest.Households] -= math.Floor(float64(k) / 4)
			}
			for m, step := range map[string]float64{digesttest.InfraDisbursed: 15, digesttest.ProdDisbursed: 3} {
				if x, ok := v[m]; ok {
					v[m] = x - float64(k)*step*pace
				}
			}
		}, nil) {
			if k == 0 && f.unit == "nam-cuong" {
				continue
			}
			if k == 0 {
				f.texts = answers[f.unit]
			}
			out = append(out, f)
		}
	}
	return out
}

// scenarios are the golden digests of 2020-W38.
var scenarios = map[string]func() []filing{
	// Every unit reported, with last week's figures to compare.
	"all": func() []filing { return append(lastWeek(), weekOf("2020-W38", nil, answers)...) },
	// Bản Thi alone reported: nobody else is ranked or quoted.
	"one": onlyBanThi,
	// Bản Thi went over its plan, the town's Project 3 total fell from 160
	// to 1 million, Nam Cường's latest figures are from week 35.
	// Four weeks of history: a forecast of each target for 31/12.
	"forecast": fourWeeks,
	"checks": func() []filing {
		var out []filing
		for _, f := range lastWeek() {
			if f.unit != "nam-cuong" {
				out = append(out, f)
			}
		}
		old := digesttest.Values()["nam-cuong"]
		out = append(out, filing{unit: "nam-cuong", period: "2020-W35", vals: old})
		for _, f := range weekOf("2020-W38", func(unit string, v map[string]float64) {
			switch unit {
			case "ban-thi":
				v[digesttest.InfraDisbursed] = 1128.0
			case "bang-lung":
				v[digesttest.P3Disbursed] = 1
			}
		}, answers) {
			if f.unit != "nam-cuong" {
				out = append(out, f)
			}
		}
		return out
	},
}

// TestGoldenDigests renders each scenario's digest in both languages.
func TestGoldenDigests(t *testing.T) {
	for name, filings := range scenarios {
		d := build(t, config.Demo(), filings())
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			golden(t, "digest_"+name+"_"+string(lang)+".golden", digest.Text(d, lang, bot.Weekly)+"\n")
		}
	}
}
