package i18n

import "testing"

func TestUnitWord(t *testing.T) {
	cases := []struct {
		lang Lang
		word string
		n    float64
		want string
	}{
		{EN, "project|projects", 1, "project"},
		{EN, "project|projects", 2, "projects"},
		{EN, "project|projects", 0, "projects"},
		{EN, "project|projects", 1.5, "projects"},
		{EN, "million VND", 1, "million VND"},
		{VI, "dự án", 1, "dự án"},
		{VI, "dự án|dự án", 1, "dự án"},
	}
	for _, c := range cases {
		if got := For(c.lang).UnitWord(c.word, c.n); got != c.want {
			t.Errorf("%s %q %v = %q, want %q", c.lang, c.word, c.n, got, c.want)
		}
	}
}
