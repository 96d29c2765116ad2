package config

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"fieldbot/bot"
)

// pattern is a rule for identifiers, with the message that explains it.
type pattern struct {
	re   *regexp.Regexp
	want string // a catalog key
}

// maxIdent bounds identifiers, which end up in database keys and buttons.
const maxIdent = 40

var (
	// codePattern is for unit codes and member ids: they are parts of
	// database keys such as "2020-W38/bang-lung", so no "/" and no case games.
	codePattern = pattern{regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`),
		"config.want_code"}
	// idPattern is for field, item and choice ids, which name things in code and YAML.
	idPattern = pattern{regexp.MustCompile(`^[a-z][a-z0-9_]*$`),
		"config.want_id"}
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
		d.problem(f.at(key), path, s, p.want)
	case len(s) > maxIdent:
		d.problem(f.at(key), path, s, "config.too_long", "max", maxIdent)
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
	want := msg("config.want_deadline_weekly")
	if kind == bot.Monthly {
		want = msg("config.want_deadline_monthly")
	}
	if len(parts) != 2 {
		return 0, want
	}
	day, ok := weekdays[parts[0]]
	if kind == bot.Monthly {
		n, err := strconv.Atoi(parts[0])
		day, ok = n-1, err == nil && n >= 1 && n <= 28
	}
	if !ok {
		return 0, want
	}
	m := clock.FindStringSubmatch(parts[1])
	if m == nil {
		return 0, want
	}
	h, _ := strconv.Atoi(m[1])
	minute := 0
	if mm := m[2] + m[3]; mm != "" { // at most one of them is set; neither for "17h"
		minute, _ = strconv.Atoi(mm)
	}
	if h > 23 || minute > 59 {
		return 0, msg("config.no_such_time", "time", parts[1], "want", want)
	}
	return time.Duration(day)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(minute)*time.Minute, nil
}

// checkCron validates a five-field cron spec or a descriptor such as @daily.
// Time zone prefixes are refused (every job runs in area.timezone), and so is
// @every, which counts from start-up rather than following the calendar.
func checkCron(spec string) (err error) {
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return msg("config.cron_tz")
	}
	if strings.HasPrefix(spec, "@every") {
		return msg("config.cron_every")
	}
	defer func() {
		if recover() != nil { // the parser has panicked on odd input before
			err = msg("config.cron_not_spec")
		}
	}()
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return msg("config.cron_bad", "detail", err.Error())
	}
	if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return msg("config.cron_never")
	}
	return nil
}

// checkDate validates a dd/mm/yyyy date.
func checkDate(s string) error {
	if _, err := time.Parse("02/01/2006", s); err != nil {
		return msg("config.bad_date")
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
