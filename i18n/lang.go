// Package i18n holds fieldbot's message catalogs (Vietnamese first, English second),
// plural rules, and locale-aware parsing and formatting of numbers and dates.
//
// It imports nothing of fieldbot's own; every user-visible string in the bot comes
// from here.
package i18n

import "strings"

// Lang is a language tag of a catalog: "vi" or "en".
type Lang string

// The languages fieldbot speaks. VI is the default.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Langs lists every supported language, default first.
var Langs = []Lang{VI, EN}

// ParseLang reads a language from what a person or a platform might say:
// "vi", "vn", "vi-VN", "tiếng việt", "tieng viet", "en", "en-US", "english", "tiếng anh".
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	switch s {
	case "vi", "vn", "tiếng việt", "tieng viet", "viet", "việt":
		return VI, true
	case "en", "english", "tiếng anh", "tieng anh", "anh":
		return EN, true
	}
	return "", false
}

// Valid reports whether l is a supported language.
func (l Lang) Valid() bool {
	for _, x := range Langs {
		if x == l {
			return true
		}
	}
	return false
}

// Or returns l when it is supported and def otherwise.
func (l Lang) Or(def Lang) Lang {
	if l.Valid() {
		return l
	}
	return def
}

// Text is a label given in several languages, as configuration holds it.
type Text map[Lang]string

// In returns the text in lang, falling back to Vietnamese, then to any language.
func (t Text) In(lang Lang) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t[VI]; s != "" {
		return s
	}
	for _, l := range Langs {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}
