package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fieldbot/i18n"
)

// configKey is a literal catalog key of a configuration problem.
var configKey = regexp.MustCompile(`"(config\.[a-z0-9_.]+)"`)

// TestProblemKeysInCatalogs: every "config.…" key the sources name (passed
// to problem or msg, or held by a pattern) and every language name a
// problem quotes are in both catalogs, so no problem renders as "[key]".
func TestProblemKeysInCatalogs(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range configKey.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = f
		}
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d keys; is the scan broken?", len(keys))
	}
	for _, l := range i18n.Langs {
		keys["lang."+string(l)] = "langName"
	}
	for _, lang := range i18n.Langs {
		for k, where := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: key %q (used in %s) is missing", lang, k, where)
			}
		}
	}
}
