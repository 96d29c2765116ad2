package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "district.yaml")
	if err := os.WriteFile(path, DemoYAML(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Unit("bang-lung"); !ok {
		t.Error("Load did not index the units")
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load = %v, want a not-exist error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "cannot read the configuration file") {
		t.Errorf("message %q should say what could not be read", msg)
	}
}

func TestErrorListsEveryProblem(t *testing.T) {
	doc := strings.NewReplacer(
		"lang: en", "lang: fr",
		"fri 17:00", "fri 25:00",
		"  timezone:", "  tmezone:",
	).Replace(base)
	_, err := Parse([]byte(doc), "district.yaml")
	var e *Error
	if !errors.As(err, &e) || e.File != "district.yaml" {
		t.Fatalf("Parse = %v, want an *Error for district.yaml", err)
	}
	want := `district.yaml:4: area.tmezone: unknown key (did you mean "timezone"?)
district.yaml:8: period.deadline "fri 25:00": no such time of day 25:00; want a weekday and a time, like "fri 17:00" or "t6 17h00"
district.yaml:49: members[1].lang "fr": unsupported language (want vi or en)`
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}

func TestSyntaxError(t *testing.T) {
	for _, doc := range []string{"area: [x\nform: 1\n", "a: 1\n\tb: 2\n", "area:\n  - x\n - y\n"} {
		ps := problemsOf(t, doc)
		if len(ps) != 1 || ps[0].Line == 0 || !strings.HasPrefix(ps[0].Msg, "YAML syntax: ") {
			t.Errorf("%q: want one YAML syntax problem with a line, got\n%s", doc, list(ps))
		}
	}
}

func TestOddDocuments(t *testing.T) {
	for doc, msg := range map[string]string{
		"":                   "the file is empty",
		"# only a comment\n": "the file is empty",
		"hello\n":            "want a mapping of keys to values, not a single value",
		"- a\n- b\n":         "want a mapping of keys to values, not a list",
		"a: *x\n":            "YAML syntax: yaml: unknown anchor 'x' referenced",
		"area: &a [*a]\n":    "want a mapping",
	} {
		ps := problemsOf(t, doc)
		found := false
		for _, p := range ps {
			found = found || strings.Contains(p.Msg, msg)
		}
		if !found {
			t.Errorf("%q: want a problem %q, got\n%s", doc, msg, list(ps))
		}
	}
}

func TestDefaults(t *testing.T) {
	doc := strings.NewReplacer(
		"  timezone: Asia/Ho_Chi_Minh\n", "",
		"period:\n  kind: weekly\n  deadline: \"fri 17:00\"\n", "",
	).Replace(base)
	c, err := Parse([]byte(doc), "defaults.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Area.Location.String() != DefaultTimezone || c.Area.Demo {
		t.Errorf("area: zone %v demo %v, want %s and false", c.Area.Location, c.Area.Demo, DefaultTimezone)
	}
	if c.Period != (bot.PeriodSpec{Kind: bot.Weekly}) {
		t.Errorf("period = %+v, want weekly due at the end of the week", c.Period)
	}
	households, _, _ := c.Form.Field("households")
	money, _, _ := c.Form.Field("money")
	if !households.Required || households.Scale != 0 || money.Scale != DefaultMoneyScale {
		t.Errorf("fields: required %v, scales %v %v", households.Required, households.Scale, money.Scale)
	}
	an, _ := c.Member("an")
	if an.Role != bot.RoleMember || an.Lang != i18n.VI || an.Title[i18n.EN] != "Trưởng phòng" {
		t.Errorf("member an = %+v: want role member, lang vi, the plain title in every language", an)
	}
	u, _ := c.Unit("xa-mot")
	for _, l := range i18n.Langs {
		if u.Name[l] != "Xã Một" {
			t.Errorf("a plain unit name should stand for every language; %s: %q", l, u.Name[l])
		}
	}
	if c.Area.Targets["money"] != 300.5 || u.Targets["money"] != 100.25 {
		t.Errorf("targets: area %v unit %v", c.Area.Targets, u.Targets)
	}
}

func TestAnchorsAndAliases(t *testing.T) {
	doc := strings.Replace(base, `label: {vi: "Vốn", en: "Funds"}`, `label: &funds {vi: "Vốn", en: "Funds"}`, 1)
	doc = strings.Replace(doc, `label: {vi: "Vốn đã giải ngân", en: "Funds disbursed"}`, `label: *funds`, 1)
	c, err := Parse([]byte(doc), "alias.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f, _, _ := c.Form.Field("money"); f.Label.In(i18n.EN) != "Funds" {
		t.Errorf("label = %v, want the anchored one", f.Label)
	}
}

func TestParseDeadline(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		kind bot.PeriodKind
		in   string
		want time.Duration // -1: an error
	}{
		{bot.Weekly, "fri 17:00", 4*day + 17*time.Hour},
		{bot.Weekly, "T6 17h00", 4*day + 17*time.Hour},
		{bot.Weekly, "cn 8h", 6*day + 8*time.Hour},
		{bot.Weekly, "mon 0:30", 30 * time.Minute},
		{bot.Monthly, "25 17:00", 24*day + 17*time.Hour},
		{bot.Monthly, "1 08:00", 8 * time.Hour},
		{bot.Weekly, "fri", -1},
		{bot.Weekly, "friday 17:00", -1},
		{bot.Weekly, "fri 17:60", -1},
		{bot.Weekly, "25 17:00", -1},
		{bot.Monthly, "fri 17:00", -1},
		{bot.Monthly, "29 17:00", -1},
		{bot.Monthly, "0 17:00", -1},
	}
	for _, tt := range tests {
		got, err := parseDeadline(tt.kind, tt.in)
		if tt.want < 0 && err == nil || tt.want >= 0 && (err != nil || got != tt.want) {
			t.Errorf("parseDeadline(%s, %q) = %v, %v; want %v", tt.kind, tt.in, got, err, tt.want)
		}
	}
}

func TestTelegramBotUsername(t *testing.T) {
	c, err := Parse(append([]byte("telegram: {bot_username: \"@ChoDonBaoCaoBot\"}\n"), DemoYAML()...), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramBot != "ChoDonBaoCaoBot" {
		t.Errorf("TelegramBot = %q", c.TelegramBot)
	}
	if Demo().TelegramBot != "" {
		t.Error("the demo names a bot")
	}
}

func TestHolidayRanges(t *testing.T) {
	c := Demo()
	want := []string{"23/01/2020", "24/01/2020", "25/01/2020", "26/01/2020", "27/01/2020", "28/01/2020", "29/01/2020"}
	got := strings.Join(c.Schedule.Holidays, " ")
	if !strings.Contains(got, strings.Join(want, " ")) || strings.Contains(got, "30/01/2020") {
		t.Errorf("Tết range expanded to %v", c.Schedule.Holidays)
	}
	for _, entry := range []string{"23/01/2020..24/01/2020", "23/01/2020 – 24/01/2020", "23/01/2020 - 24/01/2020"} {
		days, err := holidayDays(entry)
		if err != nil || len(days) != 2 {
			t.Errorf("%q: %v, %v", entry, days, err)
		}
	}
}
