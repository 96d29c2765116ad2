package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
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

// fill puts the arguments (name, value, name, value, ...) in place of their
// {name} in s, in one pass: a value is never read again for placeholders,
// and a {name} without an argument stays as it is. Names have no braces.
func fill(s string, args []any) string {
	if len(args) < 2 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16*len(args))
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			break
		}
		v, ok := arg(args, s[i+1:i+1+j])
		if !ok { // not a placeholder: keep the "{" and look again after it
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

// arg is the value of the first argument called name, as text.
func arg(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if text(args[i]) == name {
			return text(args[i+1]), true
		}
	}
	return "", false
}

// text is v as fmt.Sprint writes it, without fmt for the common kinds.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(v)
}
