package digest

import (
	"strings"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// PeriodName names a period for people, as the chart and the workbook
// title it: "Tuần 38 (14/09–20/09/2020)", or "Tháng 09/2020" for a
// monthly period; a week across the new year writes both years.
func PeriodName(p *i18n.Printer, per bot.Period) string {
	if !strings.Contains(per.Key, "-W") {
		return p.T("files.period_month", "month", per.Start.Format("01/2006"))
	}
	from, to := per.Start, per.LastDay()
	start := p.DayMonth(from)
	if from.Year() != to.Year() {
		start = p.Date(from)
	}
	return p.T("files.period_week", "week", isoWeek(per), "from", start, "to", p.Date(to))
}
