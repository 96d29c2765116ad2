package bot

import (
	"slices"
	"strings"
	"testing"
)

// splitTextByRecount is SplitText as it was before it kept a running count
// of the part's units (it counted the whole part again for every line).
// SplitText must give the same parts.
func splitTextByRecount(text string, limit int) []string {
	if limit <= 0 {
		if text == "" {
			return nil
		}
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, strings.TrimRight(cur.String(), "\n"))
			cur.Reset()
		}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if TextUnits(cur.String())+TextUnits(strings.TrimRight(line, "\n")) > limit {
			flush()
		}
		for TextUnits(strings.TrimRight(line, "\n")) > limit {
			head, rest := cutLine(line, limit)
			parts = append(parts, head)
			line = rest
		}
		cur.WriteString(line)
	}
	flush()
	return parts
}

func FuzzSplitTextAsRecount(f *testing.F) {
	f.Add("aaaa\nbbbb\ncccc", 9)
	f.Add("xx\nhello world again", 12)
	f.Add("👍👍👍\n\n\nViệt Nam  \n", 4)
	f.Add("\n", 1)
	f.Add(strings.Repeat("Xã Bằng Lũng ✅\n", 40), 100)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		limit %= 200
		if got, want := SplitText(text, limit), splitTextByRecount(text, limit); !slices.Equal(got, want) {
			t.Errorf("SplitText(%q, %d) = %q, before %q", text, limit, got, want)
		}
	})
}
