package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed catalog
var catalogFS embed.FS

// Each language's catalog is every JSON file in catalog/<lang>/, merged; a key
// defined twice is a bug caught at start-up.

// entry is one message: a plain text, or plural forms keyed by CLDR category
// ("one", "other"). Vietnamese has only "other".
type entry struct {
	Text  string
	Forms map[string]string
}

func (e *entry) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &e.Text)
	}
	return json.Unmarshal(b, &e.Forms)
}

var catalogs = mustLoad()

func mustLoad() map[Lang]map[string]entry {
	out := make(map[Lang]map[string]entry, len(Langs))
	for _, l := range Langs {
		files, err := fs.Glob(catalogFS, "catalog/"+string(l)+"/*.json")
		if err != nil || len(files) == 0 {
			panic(fmt.Sprintf("i18n: catalog %s: no files (%v)", l, err))
		}
		m := map[string]entry{}
		for _, f := range files {
			b, err := catalogFS.ReadFile(f)
			if err != nil {
				panic(fmt.Sprintf("i18n: catalog %s: %v", f, err))
			}
			part := map[string]entry{}
			if err := json.Unmarshal(b, &part); err != nil {
				panic(fmt.Sprintf("i18n: catalog %s: %v", f, err))
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					panic(fmt.Sprintf("i18n: catalog %s: key %q defined twice", f, k))
				}
				m[k] = v
			}
		}
		out[l] = m
	}
	return out
}

// Keys returns the sorted message keys of lang's catalog.
func Keys(lang Lang) []string {
	keys := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang's catalog holds key.
func Has(lang Lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// Printer renders catalog messages and numbers in one language.
type Printer struct {
	lang Lang
	cat  map[string]entry
}

// For returns the printer for lang; an unsupported language gets Vietnamese.
func For(lang Lang) *Printer {
	lang = lang.Or(VI)
	return &Printer{lang: lang, cat: catalogs[lang]}
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T renders the message key. args are name/value pairs that fill {name}
// placeholders; values are printed with fmt.Sprint, so callers format numbers
// with the printer's number methods first. A missing key renders as "[key]"
// (a test keeps catalogs complete, so users never see it).
func (p *Printer) T(key string, args ...any) string {
	e, ok := p.cat[key]
	if !ok {
		return "[" + key + "]"
	}
	return fill(e.Text, args)
}

// Plural renders the form of key that fits n under the language's plural rule;
// {n} is filled with n written the language's way.
func (p *Printer) Plural(key string, n int, args ...any) string {
	e, ok := p.cat[key]
	if !ok {
		return "[" + key + "]"
	}
	form := e.Forms[pluralCategory(p.lang, n)]
	if form == "" {
		form = e.Forms["other"]
	}
	if form == "" {
		form = e.Text
	}
	return fill(form, append([]any{"n", p.Int(int64(n))}, args...))
}

// pluralCategory is the CLDR cardinal category of n: Vietnamese has no plural
// forms; English distinguishes one and other.
func pluralCategory(lang Lang, n int) string {
	if lang == EN && n == 1 {
		return "one"
	}
	return "other"
}

func fill(s string, args []any) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
