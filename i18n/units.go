package i18n

import "strings"

// UnitWord picks the form of a unit word that fits n. Configuration writes
// words with plural forms as "one|other" ("project|projects"); Vietnamese
// words have one form. A word without "|" is returned as it is.
func (p *Printer) UnitWord(word string, n float64) string {
	one, other, ok := strings.Cut(word, "|")
	if !ok {
		return word
	}
	if n == float64(int(n)) && pluralCategory(p.lang, int(n)) == "one" {
		return one
	}
	return other
}
