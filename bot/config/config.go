// Package config loads and validates fieldbot's YAML configuration (the area,
// its units and their targets, the roster, the report form, the period and the
// schedule) into a *bot.Config, and embeds the built-in demo: Chợ Đồn
// district, Bắc Kạn province, 2020.
//
// Parse never stops at the first mistake: it returns an *Error listing every
// problem with its line and field path, in the style of a compiler, for the
// admin running `fieldbot check`:
//
//	district.yaml:42: units[3].code "ban-thi": duplicate unit code (first at line 30)
//
// demo.yaml documents the schema by example.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone must load on machines without a zoneinfo database

	"go.yaml.in/yaml/v3"

	"fieldbot/bot"
)

// DefaultTimezone is the zone used when area.timezone is omitted.
const DefaultTimezone = "Asia/Ho_Chi_Minh"

// Load reads and parses the configuration file at path.
func Load(path string) (*bot.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: cannot read the configuration file: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes and validates a configuration; name is the file name used in
// error messages. The returned config is indexed. Any problem gives an *Error.
func Parse(data []byte, name string) (*bot.Config, error) {
	d := &decoder{}
	var c *bot.Config
	if root := d.document(data); root != nil {
		c = d.config(root)
	}
	if err := d.err(name); err != nil {
		return nil, err
	}
	c.Index()
	for _, m := range c.Members {
		if m.Inactive { // active: false: kept on the roster, out of Members
			return c.WithRoster(c.Roster()), nil
		}
	}
	return c, nil
}

// yamlLine splits "yaml: line 3: could not find expected ':'".
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document parses data as exactly one YAML document and returns its root.
func (d *decoder) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil {
		d.syntax(err)
		return nil
	}
	if err := dec.Decode(&extra); err == nil {
		d.problem(extra.Line, "", "", "config.one_document")
	} else if !errors.Is(err, io.EOF) {
		d.syntax(err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0]
	}
	return &doc
}

// syntax records a YAML syntax error, with its line when the parser gave one.
func (d *decoder) syntax(err error) {
	if errors.Is(err, io.EOF) {
		d.problem(0, "", "", "config.file_empty")
		return
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.problem(line, "", "", "config.yaml_syntax", "detail", m[2])
		return
	}
	d.problem(0, "", "", "config.yaml_syntax", "detail", err.Error())
}

// config decodes the top level. Sections are decoded in dependency order
// (form before the items and units that name its fields, units before the
// members assigned to them), whatever their order in the file.
func (d *decoder) config(root *yaml.Node) *bot.Config {
	f := d.mapping(root, "", "area", "period", "schedule", "items", "form", "units", "members", "telegram", "digest", "report", "review", "export")
	d.need(f, "area", "form", "units", "members")
	c := &bot.Config{}
	area, totals := d.area(f.get("area"))
	c.Area = area
	c.Period = d.period(f.get("period"))
	c.Schedule = d.schedule(f.get("schedule"))
	if f.has("form") {
		c.Form = d.form(f.get("form"))
	}
	c.Items = d.items(f.get("items"), &c.Form)
	units := d.units(f.get("units"), &c.Form)
	c.Units = units.list
	c.Members = d.members(f.get("members"), units)
	d.deputies(c, units)
	d.totals(&c.Area, totals, units, &c.Form)
	c.TelegramBot = d.telegram(f.get("telegram"))
	c.Digest = d.digest(f.get("digest"))
	c.Report = d.report(f.get("report"))
	c.Review = d.review(f.get("review"))
	c.Export = d.export(f.get("export"))
	return c
}

// export decodes the optional export section: whether viewers may use
// /xuat too.
func (d *decoder) export(n *yaml.Node) bot.ExportSpec {
	if isNull(n) {
		return bot.ExportSpec{}
	}
	f := d.mapping(n, "export", "viewers")
	return bot.ExportSpec{Viewers: d.boolean(f.get("viewers"), "export.viewers", false)}
}

// botUsername is what Telegram allows in a bot's username.
var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{4,31}$`)

// telegram decodes the optional Telegram section: the bot's username.
func (d *decoder) telegram(n *yaml.Node) string {
	f := d.mapping(n, "telegram", "bot_username")
	if !f.has("bot_username") {
		return ""
	}
	name := strings.TrimPrefix(d.word(f.get("bot_username"), "telegram.bot_username"), "@")
	if name != "" && !botUsername.MatchString(name) {
		d.problem(f.at("bot_username"), "telegram.bot_username", name, "config.bad_bot_username")
		return ""
	}
	return name
}

// area decodes the area; its totals are checked once the units are known.
func (d *decoder) area(n *yaml.Node) (bot.Area, []pair) {
	f := d.mapping(n, "area", "name", "program", "timezone", "demo", "totals")
	d.need(f, "name", "program")
	a := bot.Area{
		Name:    d.text(f.get("name"), "area.name", false),
		Program: d.text(f.get("program"), "area.program", false),
		Demo:    d.boolean(f.get("demo"), "area.demo", false),
	}
	tz := DefaultTimezone
	if f.has("timezone") {
		tz = d.word(f.get("timezone"), "area.timezone")
	}
	a.Location = d.location(tz, f.at("timezone"))
	return a, d.pairs(f.get("totals"), "area.totals")
}

// location loads an IANA zone. "Local" and "" are refused: the period must
// not depend on the machine the bot runs on.
func (d *decoder) location(tz string, line int) *time.Location {
	if tz == "" {
		return nil // already reported
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		d.problem(line, "area.timezone", tz, "config.bad_timezone", "example", DefaultTimezone)
		return nil
	}
	return loc
}

// period decodes the period kind (default weekly) and deadline (default:
// the end of the period).
func (d *decoder) period(n *yaml.Node) bot.PeriodSpec {
	f := d.mapping(n, "period", "kind", "deadline", "close", "late_grace")
	p := bot.PeriodSpec{Kind: bot.Weekly}
	if f.has("kind") {
		switch k := d.word(f.get("kind"), "period.kind"); bot.PeriodKind(k) {
		case bot.Weekly, bot.Monthly:
			p.Kind = bot.PeriodKind(k)
		default:
			if k != "" {
				d.problem(f.at("kind"), "period.kind", k, "config.bad_period_kind")
			}
			return p
		}
	}
	if f.has("deadline") {
		if s := d.word(f.get("deadline"), "period.deadline"); s != "" {
			off, err := parseDeadline(p.Kind, s)
			if err != nil {
				d.problemErr(f.at("deadline"), "period.deadline", s, err)
			}
			p.DeadlineOffset = off
		}
	}
	if f.has("close") { // the same form as the deadline, counted from the period's end
		if s := d.word(f.get("close"), "period.close"); s != "" {
			off, err := parseDeadline(p.Kind, s)
			if err != nil {
				d.problemErr(f.at("close"), "period.close", s, err)
			}
			p.CloseOffset = off
		}
	}
	if f.has("late_grace") {
		if n, ok := d.integer(f.get("late_grace"), "period.late_grace"); ok {
			if n < 0 || n > maxLateGrace {
				d.problem(f.at("late_grace"), "period.late_grace", strconv.Itoa(n), "config.bad_late_grace", "max", maxLateGrace)
			} else {
				p.LateGrace = n
			}
		}
	}
	return p
}

// maxLateGrace bounds period.late_grace: a year of weeks.
const maxLateGrace = 53

// schedule decodes the cron specs and holidays.
func (d *decoder) schedule(n *yaml.Node) bot.Schedule {
	f := d.mapping(n, "schedule", "reminders", "escalation", "digest", "holidays")
	var s bot.Schedule
	for i, r := range d.list(f.get("reminders"), "schedule.reminders") {
		s.Reminders = append(s.Reminders, d.cron(r, fmt.Sprintf("schedule.reminders[%d]", i)))
	}
	if f.has("escalation") {
		s.Escalation = d.cron(f.get("escalation"), "schedule.escalation")
	}
	if f.has("digest") {
		s.Digest = d.cron(f.get("digest"), "schedule.digest")
	}
	seen := map[string]int{}
	for i, h := range d.list(f.get("holidays"), "schedule.holidays") {
		path := fmt.Sprintf("schedule.holidays[%d]", i)
		entry := d.word(h, path)
		days, err := holidayDays(entry)
		if entry != "" && err != nil {
			d.problemErr(h.Line, path, entry, err)
			continue
		}
		for _, day := range days {
			if seen[day] != 0 {
				d.problem(h.Line, path, entry, "config.holiday_twice", "day", day, "line", seen[day])
				continue
			}
			seen[day] = h.Line
			s.Holidays = append(s.Holidays, day)
		}
	}
	return s
}

// maxHolidayRange bounds a range of holidays (Tết is about a week).
const maxHolidayRange = 31

// holidayDays reads one holiday entry: a day "dd/mm/yyyy", or a range
// "dd/mm/yyyy - dd/mm/yyyy" (also with "–" or ".."), inclusive.
func holidayDays(entry string) ([]string, error) {
	if entry == "" {
		return nil, nil
	}
	from, to, isRange := entry, entry, false
	for _, sep := range []string{"..", "–", " - "} {
		if a, b, ok := strings.Cut(entry, sep); ok {
			from, to, isRange = strings.TrimSpace(a), strings.TrimSpace(b), true
			break
		}
	}
	if err := checkDate(from); err != nil {
		return nil, err
	}
	if err := checkDate(to); err != nil {
		return nil, err
	}
	start, _ := time.Parse("02/01/2006", from)
	end, _ := time.Parse("02/01/2006", to)
	n := int(end.Sub(start).Hours()/24) + 1
	switch {
	case n < 1:
		return nil, msg("config.range_backwards")
	case n > maxHolidayRange:
		return nil, msg("config.range_too_long", "n", n, "max", maxHolidayRange)
	case !isRange:
		return []string{from}, nil
	}
	days := make([]string, n)
	for i := range days {
		days[i] = start.AddDate(0, 0, i).Format("02/01/2006")
	}
	return days, nil
}

// cron reads and checks one cron spec.
func (d *decoder) cron(n *yaml.Node, path string) string {
	spec := d.word(n, path)
	if spec == "" {
		return ""
	}
	if err := checkCron(spec); err != nil {
		d.problemErr(n.Line, path, spec, err)
	}
	return spec
}
