package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"fieldbot/i18n"
)

// baseForm is the form section of base, kept apart so a case can drop it.
const baseForm = `form:
  - id: households
    type: integer
    label: {vi: "Số hộ", en: "Households"}
    min: 0
    max: 1000
    target: true
  - id: money
    type: money
    label: {vi: "Vốn đã giải ngân", en: "Funds disbursed"}
    target: true
  - id: progress
    type: choice
    label: {vi: "Tiến độ", en: "Progress"}
    choices:
      - {id: on_track, label: {vi: "Đúng tiến độ", en: "On track"}}
      - {id: behind, label: {vi: "Chậm tiến độ", en: "Behind"}}
`

// base is a small valid configuration that the cases below break one way each.
const base = `area:
  name: {vi: "Huyện Thử", en: "Test district"}
  program: {vi: "Chương trình thử", en: "Test program"}
  timezone: Asia/Ho_Chi_Minh
  totals: {households: 5, money: 300.5}
period:
  kind: weekly
  deadline: "fri 17:00"
schedule:
  reminders: ["0 8 * * 4"]
  escalation: "5 17 * * 5"
  digest: "@weekly"
  holidays: ["02/09/2020"]
items:
  - id: funds
    label: {vi: "Vốn", en: "Funds"}
    fields: [money]
` + baseForm + `units:
  - code: xa-mot
    name: "Xã Một"
    targets: {households: 2, money: 100.25}
  - code: xa-hai
    name: {vi: "Xã Hai", en: "Hai commune"}
    targets: {households: 3, money: 200.25}
members:
  - id: an
    name: "Nguyễn Văn An"
    title: "Trưởng phòng"
    units: [xa-mot]
  - id: binh
    name: "Trần Thị Bình"
    lang: en
    units: [xa-hai]
  - id: chu-tich
    name: "Lê Văn Chủ"
    role: chair
`

func TestBaseIsValid(t *testing.T) {
	if _, err := Parse([]byte(base), "base.yaml"); err != nil {
		t.Fatal(err)
	}
}

// lineOf is the 1-based line of the first occurrence of s in doc.
func lineOf(t *testing.T, doc, s string) int {
	t.Helper()
	i := strings.Index(doc, s)
	if i < 0 {
		t.Fatalf("%q not in the document", s)
	}
	return strings.Count(doc[:i], "\n") + 1
}

// problemsOf parses doc and returns its problems, failing unless Parse gave an *Error.
func problemsOf(t *testing.T, doc string) []Problem {
	t.Helper()
	c, err := Parse([]byte(doc), "test.yaml")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Parse = %v, %v; want an *Error", c, err)
	}
	return e.Problems
}

func TestValidation(t *testing.T) {
	tests := []struct {
		rule     string
		old, new string // base with every old replaced by new (old must occur)
		path     string
		value    string
		msg      string // a substring of the message
		at       string // the problem is on the line where this first occurs
	}{
		{"unknown key", "  timezone:", "  tmezone:", "area.tmezone", "", `unknown key (did you mean "timezone"?)`, "tmezone"},
		{"bad time zone", "Asia/Ho_Chi_Minh", "Asia/Hanoi", "area.timezone", "Asia/Hanoi", "unknown time zone", "Asia/Hanoi"},
		{"machine time zone", "Asia/Ho_Chi_Minh", "Local", "area.timezone", "Local", "unknown time zone", "Local"},
		{"unknown unit in an assignment", "units: [xa-mot]", "units: [xa-mot, xa-bon]", "members[0].units[1]", "xa-bon", "unknown unit", "xa-bon"},
		{"duplicate unit code", "members:", "  - code: xa-mot\n    name: Xã Một nữa\nmembers:", "units[2].code", "xa-mot", "duplicate unit code (first at line 36)", "code: xa-mot\n    name: Xã Một nữa"},
		{"duplicate member id", "    role: chair\n", "    role: chair\n  - id: an\n    name: An khác\n    units: [xa-mot]\n", "members[3].id", "an", "duplicate member id (first at line 43)", "id: an\n    name: An khác"},
		{"quick code taken by another field's id", "  - id: money\n", "  - id: money\n    code: households\n", "form[1].code", "households", "quick-entry code already used as the code or id of the field at line 19", "id: money"},
		{"duplicate field id", "- id: progress", "- id: money", "form[2].id", "money", "duplicate field id (first at line 25)", "id: money\n    type: choice"},
		{"bad unit code", "xa-mot", "Xa_Mot", "units[0].code", "Xa_Mot", "want lower-case ASCII letters and digits joined by single '-'", "code: Xa_Mot"},
		{"slash in unit code", "xa-mot", "xa/mot", "units[0].code", "xa/mot", "want lower-case ASCII letters", "code: xa/mot"},
		{"member without units", "    role: chair\n", "    role: chair\n  - id: dung\n    name: Đỗ Dũng\n", "members[3].units", "", "needs at least one unit", "id: dung"},
		{"unit assigned to nobody", "members:", "  - code: xa-ba\n    name: Xã Ba\nmembers:", "units[2].code", "xa-ba", "no member is assigned to this unit", "xa-ba"},
		{"label missing a language", `{vi: "Số hộ", en: "Households"}`, `{vi: "Số hộ"}`, "form[0].label.en", "", "missing text in English", `{vi: "Số hộ"}`},
		{"label empty in a language", `en: "Households"`, `en: ""`, "form[0].label.en", "", "empty", `en: ""`},
		{"plain string where a label needs languages", `{vi: "Số hộ", en: "Households"}`, `"Số hộ"`, "form[0].label", "Số hộ", "want one text per language", `"Số hộ"`},
		{"label in an unknown language", `en: "Funds"}`, `en: "Funds", fr: "Fonds"}`, "items[0].label.fr", "", "unknown key", "fr:"},
		{"unknown field type", "type: money", "type: number", "form[1].type", "number", "unknown field type (want integer, decimal, money,", "type: number"},
		{"choice without choices", "    choices:\n      - {id: on_track, label: {vi: \"Đúng tiến độ\", en: \"On track\"}}\n      - {id: behind, label: {vi: \"Chậm tiến độ\", en: \"Behind\"}}\n", "", "form[2].choices", "", "needs at least two choices", "id: progress"},
		{"min greater than max", "max: 1000", "max: -1", "form[0].min", "", "min 0 is greater than max -1", "min: 0"},
		{"target key that is no field", "money: 100.25}", "money: 100.25, roads: 4}", "units[0].targets.roads", "", "not a form field with target: true", "roads"},
		{"target key of a field without target", "money: 100.25}", "money: 100.25, progress: 1}", "units[0].targets.progress", "", "not a form field with target: true (add target: true", "progress: 1"},
		{"item naming an unknown field", "fields: [money]", "fields: [mony]", "items[0].fields[0]", "mony", `unknown form field (did you mean "money"?)`, "mony"},
		{"bad cron spec", `"0 8 * * 4"`, `"0 8 * * 8"`, "schedule.reminders[0]", "0 8 * * 8", "bad cron spec", "0 8 * * 8"},
		{"cron that never fires", `"5 17 * * 5"`, `"0 0 30 2 *"`, "schedule.escalation", "0 0 30 2 *", "never fires", "30 2"},
		{"cron with a time zone", `"5 17 * * 5"`, `"CRON_TZ=Asia/Tokyo"`, "schedule.escalation", "CRON_TZ=Asia/Tokyo", "no time zone prefix", "CRON_TZ"},
		{"cron @every", `"@weekly"`, `"@every 1h"`, "schedule.digest", "@every 1h", "@every follows the clock", "@every"},
		{"bad holiday", "02/09/2020", "31/02/2020", "schedule.holidays[0]", "31/02/2020", "not a date (want dd/mm/yyyy", "31/02"},
		{"holiday range backwards", "02/09/2020", "05/09/2020 - 01/09/2020", "schedule.holidays[0]", "05/09/2020 - 01/09/2020", "the range ends before it starts", "05/09"},
		{"holiday range too long", "02/09/2020", "01/01/2020 - 01/03/2020", "schedule.holidays[0]", "01/01/2020 - 01/03/2020", "too long (at most 31)", "01/01"},
		{"bad deadline", "fri 17:00", "fri 25:00", "period.deadline", "fri 25:00", "no such time of day", "fri 25:00"},
		{"deadline without a day", "fri 17:00", "17:00", "period.deadline", "17:00", "want a weekday and a time", "deadline"},
		{"targets not adding up", "money: 300.5}", "money: 300}", "area.totals.money", "", "unit targets add up to 300.5, but the area total is 300", "totals"},
		{"member language", "lang: en", "lang: fr", "members[1].lang", "fr", "unsupported language (want vi or en)", "lang: fr"},
		{"bad role", "role: chair", "role: boss", "members[2].role", "boss", "unknown role", "boss"},
		{"empty form", baseForm, "form: []\n", "form", "", "the form has no fields", "form: []"},
		{"viewer with units", "    role: chair\n", "    role: chair\n    units: [xa-mot]\n  - id: xem\n    name: Người xem\n    role: viewer\n    units: [xa-hai, xa-mot]\n", "members[3].units", "", "a viewer does not report", "units: [xa-hai, xa-mot]"},
		{"whole number for an integer target", "households: 2,", "households: 2.5,", "units[0].targets.households", "", "want a whole number", "2.5"},
		{"Vietnamese number in YAML", "money: 100.25}", `money: "100,25"}`, "units[0].targets.money", "100,25", "YAML numbers use '.'", "100,25"},
		{"negative target", "households: 3,", "households: -3,", "units[1].targets.households", "", "cannot be negative", "-3"},
		{"only_with_target without target", "    target: true\n  - id: progress", "    only_with_target: true\n  - id: progress", "form[1].only_with_target", "", "needs target: true", "only_with_target"},
		{"option for another type", "    max: 1000\n", "    max: 1000\n    max_len: 10\n", "form[0].max_len", "", "only text fields take max_len", "max_len"},
		{"repeated key", "    lang: en\n", "    lang: en\n    lang: vi\n", "members[1].lang", "", "key repeated (first at line 49)", "lang: vi"},
		{"bad bot username", "period:\n  kind: weekly\n", "telegram: {bot_username: \"bot ?\"}\nperiod:\n  kind: weekly\n", "telegram.bot_username", "bot ?", "not a Telegram bot username", "bot ?"},
		{"mapping expected", "period:\n  kind: weekly\n  deadline: \"fri 17:00\"\n", "period: weekly\n", "period", "", "want a mapping", "period: weekly"},
		{"bad phone", `name: "Lê Văn Chủ"`, `name: "Lê Văn Chủ"` + "\n    phone: call me", "members[2].phone", "call me", "not a phone number", "call me"},
		{"missing required key", "  program: {vi: \"Chương trình thử\", en: \"Test program\"}\n", "", "area.program", "", "missing", "  name:"},
		{"member without a name", "    name: \"Trần Thị Bình\"\n", "", "members[1].name", "", "missing", "id: binh"},
		{"label that is a list", `label: {vi: "Vốn", en: "Funds"}`, `label: [Vốn, Funds]`, "items[0].label", "", "want one text per language", "[Vốn"},
		{"second document", "", "---\nfoo: 1\n", "", "", "only one YAML document", "---"},
		{"bad close", "  deadline: \"fri 17:00\"\n", "  deadline: \"fri 17:00\"\n  close: \"mon 25:00\"\n", "period.close", "mon 25:00", "no such time of day", "mon 25:00"},
		{"late grace too long", "  deadline: \"fri 17:00\"\n", "  deadline: \"fri 17:00\"\n  late_grace: 99\n", "period.late_grace", "99", "must be 0 to 53", "late_grace"},
		{"unknown deputy", "money: 100.25}\n", "money: 100.25}\n    deputy: chu-tch\n", "units[0].deputy", "chu-tch", `the deputy is not in the members list (did you mean "chu-tich"?)`, "deputy:"},
		{"deputy already assigned", "money: 100.25}\n", "money: 100.25}\n    deputy: an\n", "units[0].deputy", "an", "already assigned to this unit", "deputy:"},
		{"bad report symbol", "", "report:\n  symbol: \"BC/BCĐ\"\n", "report.symbol", "BC/BCĐ", "want a short symbol", "BC/BCĐ"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("%q is not in base", tt.old)
			}
			doc := strings.ReplaceAll(base, tt.old, tt.new)
			if tt.old == "" {
				doc = base + tt.new
			}
			ps := problemsOf(t, doc)
			want := Problem{Line: lineOf(t, doc, tt.at), Path: tt.path, Value: tt.value}
			if len(ps) != 1 {
				t.Errorf("want exactly one problem, got %d:\n%s", len(ps), list(ps))
			}
			for _, p := range ps {
				if p.Line == want.Line && p.Path == want.Path && p.Value == want.Value && strings.Contains(p.Msg, tt.msg) {
					checkVietnamese(t, p)
					return
				}
			}
			t.Errorf("want %d: %s %q: …%s…; got\n%s", want.Line, want.Path, want.Value, tt.msg, list(ps))
		})
	}
}

// list formats problems one per line, for failure messages.
func list(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\t%s\n", p)
	}
	return b.String()
}

// englishWords are words of the English messages that a Vietnamese one must
// not hold (YAML keys and values such as weekly or target: true are the same
// in both languages).
var englishWords = wordSet("want not no missing unknown the must needs duplicate listed twice empty cannot only line first take of is a an or like did you mean key keys field number list")

// wordSet is a set of the words in s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// wordsIn returns the words of msg that are in set (words are runs of
// letters, so "khóa" is one word and holds no "a").
func wordsIn(set map[string]bool, msg string) []string {
	var found []string
	for _, w := range strings.FieldsFunc(msg, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if set[strings.ToLower(w)] {
			found = append(found, w)
		}
	}
	return found
}

// checkVietnamese: the problem has a catalog message; in Vietnamese it reads
// "dòng N: path "value": …" with no English word (but for the detail a
// parser gives, quoted as it is); in English it is Msg.
func checkVietnamese(t *testing.T, p Problem) {
	t.Helper()
	if p.Key == "" {
		t.Errorf("%s: no catalog message", p)
		return
	}
	vi, en := p.Render(i18n.For(i18n.VI)), p.Render(i18n.For(i18n.EN))
	if p.Line > 0 && (!strings.HasPrefix(vi, fmt.Sprintf("dòng %d: ", p.Line)) || en != fmt.Sprintf("line %d: %s", p.Line, p.body())) {
		t.Errorf("rendered vi %q en %q, want them to start with the line", vi, en)
	}
	msg := render(i18n.For(i18n.VI), p.Key, p.Args)
	if strings.Contains(vi+en, "[") && strings.Contains(vi+en, "[config.") || msg == p.Msg {
		t.Errorf("vi %q: a catalog key is missing or the message is the English one", vi)
	}
	if p.Key == "config.cron_bad" || p.Key == "config.yaml_syntax" {
		return // the parser's own words are quoted
	}
	if w := wordsIn(englishWords, msg); len(w) > 0 {
		t.Errorf("English %q in the Vietnamese message %q", w, msg)
	}
}

// TestQuickCodes: a code declared twice is refused on the second field,
// which falls back to a derived code; declared codes are kept.
func TestQuickCodes(t *testing.T) {
	doc := strings.Replace(base, "  - id: households\n", "  - id: households\n    code: hn\n", 1)
	ps := problemsOf(t, strings.Replace(doc, "  - id: money\n", "  - id: money\n    code: hn\n", 1))
	if len(ps) != 1 || ps[0].Path != "form[1].code" || !strings.Contains(ps[0].Msg, "quick-entry code already used") {
		t.Fatalf("want one problem on form[1].code, got\n%s", list(ps))
	}
	c, err := Parse([]byte(strings.Replace(doc, "  - id: money\n", "  - id: money\n    code: gn\n", 1)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Form.QuickCodes(); got[0] != "hn" || got[1] != "gn" || got[2] != "p" {
		t.Errorf("codes = %v, want hn, gn, then p derived from progress", got)
	}
}

// TestClosingSettings: period.close is counted from the period's end,
// late_grace is kept, and a unit's deputy is read; without them a period
// locks as it ends and has no grace.
func TestClosingSettings(t *testing.T) {
	c, err := Parse([]byte(base), "base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Period.CloseOffset != 0 || c.Period.LateGrace != 0 || c.Units[0].Deputy != "" {
		t.Errorf("defaults: close %v, grace %d, deputy %q", c.Period.CloseOffset, c.Period.LateGrace, c.Units[0].Deputy)
	}
	doc := strings.Replace(base, "  deadline: \"fri 17:00\"\n", "  deadline: \"fri 17:00\"\n  close: \"mon 12:00\"\n  late_grace: 2\n", 1)
	doc = strings.Replace(doc, "money: 100.25}\n", "money: 100.25}\n    deputy: chu-tich\n", 1)
	if c, err = Parse([]byte(doc), "test.yaml"); err != nil {
		t.Fatal(err)
	}
	p := c.Period.PeriodAt(time.Date(2020, 9, 16, 9, 0, 0, 0, c.Area.Location), c.Area.Location)
	if got, want := c.Period.Close(p), time.Date(2020, 9, 21, 12, 0, 0, 0, c.Area.Location); !got.Equal(want) {
		t.Errorf("close of %s = %v, want %v", p.Key, got, want)
	}
	if c.Period.LateGrace != 2 || c.Units[0].Deputy != "chu-tich" {
		t.Errorf("grace %d, deputy %q", c.Period.LateGrace, c.Units[0].Deputy)
	}
}
