package i18n

import (
	"strings"
	"unicode"
)

// Officials type on phones, often without the Vietnamese keyboard, so words
// and commands are matched accent-free: "Bỏ qua", "bo qua" and "BỎ QUA" are
// the same answer.

// unaccented maps each lower-case Vietnamese letter with diacritics to its
// base letter.
var unaccented = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd', 'ð': 'd'} // Ð (eth) stands in for Đ in some old encodings
	for base, letters := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Fold lower-cases s and strips Vietnamese diacritics, đ included, for
// accent-free matching of words and commands: Fold("Bỏ qua") = "bo qua".
// Letters typed decomposed (a base letter followed by combining marks, as
// some keyboards send them) fold the same way. Nothing else changes: spaces
// and punctuation are kept.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent, tone mark, horn or breve
		}
		r = unicode.ToLower(r)
		if base, ok := unaccented[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}
