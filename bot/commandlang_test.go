package bot_test

import (
	"regexp"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestEnglishTextsNameEnglishCommands: no English message (help or
// otherwise) names a command by a spelling that only the Vietnamese menu
// uses (/bc, /mau, /trangthai…): the spellings come from the command
// menus of both languages, so a command added to them is checked too.
func TestEnglishTextsNameEnglishCommands(t *testing.T) {
	english := map[string]bool{}
	for _, c := range bot.CommandNames(i18n.EN, bot.Weekly) {
		english[c[0]] = true
	}
	vietnamese := map[string]bool{}
	for _, c := range bot.CommandNames(i18n.VI, bot.Weekly) {
		if !english[c[0]] {
			vietnamese[c[0]] = true
		}
	}
	if !vietnamese["bc"] || !vietnamese["mau"] {
		t.Fatalf("the Vietnamese-only spellings %v lack /bc or /mau: the test cannot tell", vietnamese)
	}
	slash := regexp.MustCompile(`/([a-z]+)\b`)
	p := i18n.For(i18n.EN)
	for _, key := range i18n.Keys(i18n.EN) {
		text := p.Plural(key, 1) + " " + p.Plural(key, 2) // both forms of a plural
		for _, m := range slash.FindAllStringSubmatch(text, -1) {
			if vietnamese[m[1]] {
				t.Errorf("en %s names /%s, the Vietnamese spelling: %q", key, m[1], p.Plural(key, 1))
			}
		}
	}
}

// TestQuickFormInEnglish: an English member's help names /quick and
// /form, /form's template starts with /quick, and the template filled in
// and sent back is a report.
func TestQuickFormInEnglish(t *testing.T) {
	h := newHarness(t, testConfig(t))
	mustContain(t, h.say("hung", "/help"), "/quick — ", "/form — ")
	out := h.say("hung", "/form")
	mustContain(t, out, "\n/quick cao-son h ", "\n/quick Cao Sơn commune\nHouseholds out of poverty: \n")
	if strings.Contains(out, "/bc") || strings.Contains(out, "/mau") {
		t.Errorf("the English template names a Vietnamese command:\n%s", out)
	}
	filled := strings.NewReplacer("Households out of poverty: ", "Households out of poverty: 3", "Money disbursed: ", "Money disbursed: 5",
		"Progress: ", "Progress: 1", "Commune committee met?: ", "Commune committee met?: no").Replace(h.last("hung").Text)
	mustContain(t, h.say("hung", filled), "3 households / 5 households")
}
