package digest

import (
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// DefaultNothing are the answers to a free-text question that mean there
// is nothing to report, when the configuration gives none: they are not
// quoted in the digest as difficulties or proposals.
var DefaultNothing = []string{"không", "không có", "ko", "chưa", "-"}

// nothingToReport reports whether text is one of the words of nothing,
// compared without accents, case, surrounding spaces or end punctuation
// ("Không có." is "không có").
func nothingToReport(text string, nothing []string) bool {
	t := bare(text)
	if t == "" {
		return true
	}
	for _, w := range nothing {
		if t == bare(w) {
			return true
		}
	}
	return false
}

// bare folds s and trims spaces and the punctuation around it, except a
// lone dash, which is itself a word of nothing.
func bare(s string) string {
	s = strings.Join(strings.Fields(i18n.Fold(s)), " ")
	if strings.Trim(s, "-–— ") == "" && s != "" {
		return "-"
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
