package bot

import (
	"fmt"
	"time"
)

// Period is one reporting period: an ISO week ("2020-W38") or a month
// ("2020-09"). Keys sort as text in time order.
type Period struct {
	Key   string
	Start time.Time // first instant, in the area's zone
	End   time.Time // first instant of the next period
}

// PeriodAt returns the period that holds t, computed in loc.
func (s PeriodSpec) PeriodAt(t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	if s.Kind == Monthly {
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
		return Period{Key: start.Format("2006-01"), Start: start, End: start.AddDate(0, 1, 0)}
	}
	y, w := t.ISOWeek()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	offset := (int(day.Weekday()) + 6) % 7 // Monday = 0
	start := day.AddDate(0, 0, -offset)
	return Period{Key: fmt.Sprintf("%04d-W%02d", y, w), Start: start, End: start.AddDate(0, 0, 7)}
}

// ParsePeriod reads a period key ("2020-W38", "2020-09") in loc.
func (s PeriodSpec) ParsePeriod(key string, loc *time.Location) (Period, error) {
	var y, n int
	if s.Kind == Monthly {
		if _, err := fmt.Sscanf(key, "%4d-%2d", &y, &n); err != nil || n < 1 || n > 12 || len(key) != 7 {
			return Period{}, fmt.Errorf("bot: period %q: want YYYY-MM", key)
		}
		return s.PeriodAt(time.Date(y, time.Month(n), 1, 12, 0, 0, 0, loc), loc), nil
	}
	if _, err := fmt.Sscanf(key, "%4d-W%2d", &y, &n); err != nil || len(key) != 8 || n < 1 || n > 53 {
		return Period{}, fmt.Errorf("bot: period %q: want YYYY-Www", key)
	}
	// 4 January is always in ISO week 1.
	p := s.PeriodAt(time.Date(y, 1, 4, 12, 0, 0, 0, loc).AddDate(0, 0, 7*(n-1)), loc)
	if p.Key != key {
		return Period{}, fmt.Errorf("bot: period %q: year %d has no such week", key, y)
	}
	return p, nil
}

// Prev returns the period before p.
func (s PeriodSpec) Prev(p Period) Period {
	return s.PeriodAt(p.Start.Add(-time.Hour), p.Start.Location())
}

// Deadline is when reports for p are due.
func (s PeriodSpec) Deadline(p Period) time.Time {
	d := s.DeadlineOffset
	if d <= 0 {
		d = p.End.Sub(p.Start)
	}
	return p.Start.Add(d)
}

// Close is when p locks: its reports can no longer be corrected (a missing
// one may still be filed within the late grace). Before it, after the
// deadline, they can.
func (s PeriodSpec) Close(p Period) time.Time { return p.End.Add(s.CloseOffset) }

// Next returns the period after p.
func (s PeriodSpec) Next(p Period) Period { return s.PeriodAt(p.End, p.End.Location()) }

// LastDay is the last calendar day of p, for "14/09–20/09/2020".
func (p Period) LastDay() time.Time { return p.End.AddDate(0, 0, -1) }
