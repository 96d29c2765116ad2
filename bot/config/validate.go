package config

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"fieldbot/bot"
)

// pattern is a rule for identifiers, with the words that explain it.
type pattern struct {
	re   *regexp.Regexp
	want string
}

// maxIdent bounds identifiers, which end up in database keys and buttons.
const maxIdent = 40

var (
	// codePattern is for unit codes and member ids: they are parts of
	// database keys such as "2020-W38/bang-lung", so no "/" and no case games.
	codePattern = pattern{regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`),
		"want lower-case ASCII letters and digits joined by single '-', like ban-thi"}
	// idPattern is for field, item and choice ids, which name things in code and YAML.
	idPattern = pattern{regexp.MustCompile(`^[a-z][a-z0-9_]*$`),
		"want a lower-case ASCII letter, then letters, digits or '_', like households_escaped"}
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 .-]{6,18}[0-9]$`)
)

// ident reads f[key] and checks it against p. It returns what was written
// even when that is invalid, so that later checks (references, sums) see the
// entry and do not pile further problems onto the one already reported.
func (d *decoder) ident(f *fields, key string, p pattern) string {
	if !f.has(key) {
		return ""
	}
	path := join(f.path, key)
	s := d.word(f.get(key), path)
	switch {
	case s == "":
	case !p.re.MatchString(s):
		d.add(f.at(key), path, s, "%s", p.want)
	case len(s) > maxIdent:
		d.add(f.at(key), path, s, "longer than %d characters", maxIdent)
	}
	return s
}

// weekdays maps English and Vietnamese day names to days after Monday.
// Vietnamese counts Monday as "thứ hai" (t2) and Sunday as "chủ nhật" (cn).
var weekdays = map[string]int{
	"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
	"t2": 0, "t3": 1, "t4": 2, "t5": 3, "t6": 4, "t7": 5, "cn": 6,
}

// clock reads "17:00", "17h00" or "17h".
var clock = regexp.MustCompile(`^(\d{1,2})(?::(\d{2})|h(\d{2})?)$`)

// parseDeadline reads "fri 17:00" (weekly) or "25 17:00" (monthly) into an
// offset from the period's start: Monday 00:00, or the 1st at 00:00.
func parseDeadline(kind bot.PeriodKind, s string) (time.Duration, error) {
	parts := strings.Fields(strings.ToLower(s))
	want := `want a weekday and a time, like "fri 17:00" or "t6 17h00"`
	if kind == bot.Monthly {
		want = `want a day of the month (1-28) and a time, like "25 17:00"`
	}
	if len(parts) != 2 {
		return 0, errors.New(want)
	}
	day, ok := weekdays[parts[0]]
	if kind == bot.Monthly {
		n, err := strconv.Atoi(parts[0])
		day, ok = n-1, err == nil && n >= 1 && n <= 28
	}
	if !ok {
		return 0, errors.New(want)
	}
	m := clock.FindStringSubmatch(parts[1])
	if m == nil {
		return 0, errors.New(want)
	}
	h, _ := strconv.Atoi(m[1])
	minute := 0
	if mm := m[2] + m[3]; mm != "" { // at most one of them is set; neither for "17h"
		minute, _ = strconv.Atoi(mm)
	}
	if h > 23 || minute > 59 {
		return 0, fmt.Errorf("no such time of day %s; %s", parts[1], want)
	}
	return time.Duration(day)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(minute)*time.Minute, nil
}

// checkCron validates a five-field cron spec or a descriptor such as @daily.
// Time zone prefixes are refused (every job runs in area.timezone), and so is
// @every, which counts from start-up rather than following the calendar.
func checkCron(spec string) (err error) {
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return errors.New("no time zone prefix: every job runs in area.timezone")
	}
	if strings.HasPrefix(spec, "@every") {
		return errors.New("@every follows the clock of the process, not the calendar; use a cron spec like \"0 8 * * 4\"")
	}
	defer func() {
		if recover() != nil { // the parser has panicked on odd input before
			err = errors.New("not a cron spec")
		}
	}()
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return fmt.Errorf("bad cron spec (want minute hour day-of-month month day-of-week, like \"0 8 * * 4\"): %v", err)
	}
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return errors.New("this spec never fires (a day that no month has, like 30 February)")
	}
	return nil
}

// checkDate validates a dd/mm/yyyy date.
func checkDate(s string) error {
	if _, err := time.Parse("02/01/2006", s); err != nil {
		return errors.New("not a date (want dd/mm/yyyy, like 02/09/2020)")
	}
	return nil
}

// format writes a number for a message: 11041, 3157.5, without float noise.
func format(f float64) string {
	if math.Abs(f) >= 1e12 {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(math.Round(f*1e6)/1e6, 'f', -1, 64)
}
