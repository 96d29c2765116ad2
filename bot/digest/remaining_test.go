package digest

import (
	"math"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestRemainingPeriods: weeks left are days / 7 after the period's end;
// months whole; the year's last period (or a week across the new year)
// leaves nothing to forecast.
func TestRemainingPeriods(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	weekly, monthly := bot.PeriodSpec{Kind: bot.Weekly}, bot.PeriodSpec{Kind: bot.Monthly}
	for _, c := range []struct {
		spec bot.PeriodSpec
		key  string
		want float64
	}{
		{weekly, "2020-W38", 102.0 / 7}, {weekly, "2020-W52", 4.0 / 7}, {weekly, "2020-W53", 0},
		{weekly, "2021-W01", 355.0 / 7}, {monthly, "2020-09", 3}, {monthly, "2020-12", 0},
	} {
		p, err := c.spec.ParsePeriod(c.key, loc)
		if err != nil {
			t.Fatal(err)
		}
		got, end := remainingPeriods(c.spec.Kind, p)
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: %v periods left, want %v", c.key, got, c.want)
		}
		if end.Month() != 12 || end.Day() != 31 || end.Year() != p.Start.Year() {
			t.Errorf("%s: year end %v", c.key, end)
		}
	}
}
