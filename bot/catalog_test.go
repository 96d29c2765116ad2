package bot_test

import (
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
	"fieldbot/i18n/i18ntest"
)

// TestCatalogHasEveryKeyUsed finds every literal message key passed to T,
// Plural or Errorf in the bot and cmd sources, and the keys built from
// command and field-type names, and checks each exists in every language.
func TestCatalogHasEveryKeyUsed(t *testing.T) {
	i18ntest.CheckKeys(t, 100, ".", "console", "digest", "digest/chart", "digest/sheet", "export", "schedule",
		"telegram", "../cmd/fieldbot")
	// Keys built from names at run time.
	keys := map[string]string{}
	for _, r := range bot.NavRows() {
		keys["cmd."+r.Cmd], keys["button."+r.Cmd] = "nav", "nav"
	}
	for _, a := range bot.Actions() {
		if k := bot.HelpKey(a); k != "" {
			keys[k] = "permission table"
		}
	}
	for _, ft := range []bot.FieldType{bot.FieldInteger, bot.FieldDecimal, bot.FieldMoney, bot.FieldPercent,
		bot.FieldText, bot.FieldSelect, bot.FieldYesNo, bot.FieldDate, bot.FieldPhoto} {
		keys["example."+string(ft)] = "field type"
	}
	for _, lang := range i18n.Langs {
		for _, kind := range []bot.PeriodKind{bot.Weekly, bot.Monthly} {
			for _, pair := range bot.CommandNames(lang, kind) {
				if pair[1] == "" || pair[1][0] == '[' {
					t.Errorf("%s %s: menu entry %q has no description", lang, kind, pair[0])
				}
			}
		}
		for k, where := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: key %q (used in %s) is missing", lang, k, where)
			}
		}
	}
}
