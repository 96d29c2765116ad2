package digest_test

import (
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// TestPeriodName: periods are named in words with their dates, never by
// their key ("kỳ 2020-W38").
func TestPeriodName(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	week, month := bot.PeriodSpec{Kind: bot.Weekly}, bot.PeriodSpec{Kind: bot.Monthly}
	for _, c := range []struct {
		spec bot.PeriodSpec
		key  string
		lang i18n.Lang
		want string
	}{
		{week, "2020-W38", i18n.VI, "Tuần 38 (14/09–20/09/2020)"},
		{week, "2020-W38", i18n.EN, "Week 38 (14/09–20/09/2020)"},
		{week, "2020-W53", i18n.VI, "Tuần 53 (28/12/2020–03/01/2021)"},
		{month, "2020-09", i18n.VI, "Tháng 09/2020"},
		{month, "2020-09", i18n.EN, "Month 09/2020"},
	} {
		p, err := c.spec.ParsePeriod(c.key, loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := digest.PeriodName(i18n.For(c.lang), p); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.key, c.lang, got, c.want)
		}
	}
}
