package i18n

import (
	"fmt"
	"strings"
	"testing"
)

// fillByReplacer is what fill did before it was one pass: a strings.Replacer
// of every "{name}" and its value. fill must give the same text.
func fillByReplacer(s string, args []any) string {
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func TestFillAsReplacer(t *testing.T) {
	for _, c := range []struct {
		s    string
		args []any
		want string
	}{
		{"Đã lưu báo cáo của {unit} (lần {seq}).", []any{"unit", "Xã Bản Thi", "seq", 2}, "Đã lưu báo cáo của Xã Bản Thi (lần 2)."},
		{"{a}{a}{b}", []any{"a", "{b}", "b", int64(-3)}, "{b}{b}-3"},
		{"{{a}} {c} {a", []any{"a", 1.5, "a", "second"}, "{1.5} {c} {a"},
		{"no placeholder", []any{"a", 1}, "no placeholder"},
		{"{a} odd", []any{"a"}, "{a} odd"},
		{"{} {x}", []any{"", "empty", "x", true}, "empty true"},
	} {
		if got := fill(c.s, c.args); got != c.want {
			t.Errorf("fill(%q, %v) = %q, want %q", c.s, c.args, got, c.want)
		}
		if ref := fillByReplacer(c.s, c.args); ref != c.want {
			t.Errorf("the replacer gives %q for %q, the table says %q", ref, c.s, c.want)
		}
	}
	for _, l := range Langs { // every catalog text, with arguments named as its placeholders
		for k, e := range catalogs[l] {
			texts := []string{e.Text}
			for _, f := range e.Forms {
				texts = append(texts, f)
			}
			for _, s := range texts {
				var args []any
				for i, name := range placeholderNames(s) {
					args = append(args, name, fmt.Sprintf("<%d:{%s}>", i, name))
				}
				if got, want := fill(s, args), fillByReplacer(s, args); got != want {
					t.Errorf("%s %s: fill = %q, the replacer %q", l, k, got, want)
				}
			}
		}
	}
}

// placeholderNames lists the {names} of s, in order.
func placeholderNames(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

func FuzzFill(f *testing.F) {
	f.Add("Đã lưu {unit} lần {seq}", "unit", "Xã {seq}", "seq", "2")
	f.Add("{{a}}{b", "a", "}", "b", "{a}")
	f.Fuzz(func(t *testing.T, s, k1, v1, k2, v2 string) {
		if strings.ContainsAny(k1+k2, "{}") {
			t.Skip("a placeholder's name has no braces")
		}
		args := []any{k1, v1, k2, v2}
		if got, want := fill(s, args), fillByReplacer(s, args); got != want {
			t.Errorf("fill(%q, %q) = %q, the replacer %q", s, args, got, want)
		}
	})
}
