package i18n

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestCatalogsComplete guards every catalog, not one area's keys: each key
// exists in every language, is non-empty, is the same kind (text or plural)
// everywhere, plural entries have an "other" form and only CLDR categories,
// and the {placeholders} agree across languages, so that a translation
// cannot print "[key]", an empty line or a literal "{nmae}".
func TestCatalogsComplete(t *testing.T) {
	all := map[string]bool{}
	for _, l := range Langs {
		if len(catalogs[l]) == 0 {
			t.Fatalf("catalog %s is empty", l)
		}
		for k := range catalogs[l] {
			all[k] = true
		}
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var refLang Lang
		var ref []string
		for _, l := range Langs {
			e, ok := catalogs[l][k]
			if !ok {
				t.Errorf("%s: missing in %s", k, l)
				continue
			}
			checkEntry(t, l, k, e)
			ph := placeholders(e)
			if refLang == "" {
				refLang, ref = l, ph
			} else if strings.Join(ph, " ") != strings.Join(ref, " ") {
				t.Errorf("%s: placeholders %v in %s but %v in %s", k, ph, l, ref, refLang)
			}
			if (e.Forms != nil) != (catalogs[refLang][k].Forms != nil) {
				t.Errorf("%s: plural in one language, plain text in another (%s, %s)", k, refLang, l)
			}
		}
	}
}

var cldrCategories = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// checkEntry fails t when e, the message k in l, has an empty text or form.
func checkEntry(t *testing.T, l Lang, k string, e entry) {
	t.Helper()
	if e.Forms == nil {
		if strings.TrimSpace(e.Text) == "" {
			t.Errorf("%s: empty in %s", k, l)
		}
		return
	}
	if strings.TrimSpace(e.Forms["other"]) == "" {
		t.Errorf("%s: plural without an \"other\" form in %s", k, l)
	}
	for cat, form := range e.Forms {
		if !cldrCategories[cat] {
			t.Errorf("%s: unknown plural category %q in %s", k, cat, l)
		}
		if strings.TrimSpace(form) == "" {
			t.Errorf("%s: empty %q form in %s", k, cat, l)
		}
	}
}

var placeholder = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*\}`)

// placeholders lists the distinct {names} of all forms of e, sorted. A
// plural's "one" form may leave out {n} ("one household"), so forms are
// pooled.
func placeholders(e entry) []string {
	set := map[string]bool{}
	for _, m := range placeholder.FindAllString(e.Text, -1) {
		set[m] = true
	}
	for _, f := range e.Forms {
		for _, m := range placeholder.FindAllString(f, -1) {
			set[m] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// TestParseKeys checks that every key the parsers can return is in both
// catalogs: the table tests reach each one, this lists them in one place.
func TestParseKeys(t *testing.T) {
	keys := []string{"parse.empty", "parse.not_number", "parse.bad_grouping", "parse.two_decimals",
		"parse.group_after_decimal", "parse.ambiguous", "parse.too_large", "parse.not_integer",
		"parse.unknown_unit", "parse.money_no_number", "parse.money_missing_unit",
		"parse.money_combination", "parse.date_empty", "parse.date_format",
		"parse.date_two_digit_year", "parse.bad_date"}
	for _, l := range Langs {
		for _, k := range keys {
			if !Has(l, k) || For(l).T(k) == "" {
				t.Errorf("%s: missing in %s", k, l)
			}
		}
		for _, k := range Keys(l) {
			if strings.HasPrefix(k, "parse.") && !slices.Contains(keys, k) {
				t.Errorf("%s in %s is not returned by any parser; remove it or list it here", k, l)
			}
		}
	}
}
