package bot_test

import (
	"slices"
	"strings"
	"testing"

	"fieldbot/bot"
)

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 10, nil},
		{"fits", "abc\ndef", 10, []string{"abc\ndef"}},
		{"exactly the limit", "abcd\nefgh", 9, []string{"abcd\nefgh"}},
		{"at line boundaries", "aaaa\nbbbb\ncccc", 9, []string{"aaaa\nbbbb", "cccc"}},
		{"long line at a space", "xx\nhello world again", 12, []string{"xx", "hello world", "again"}},
		{"long line without spaces", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"emoji count twice", "👍👍👍", 4, []string{"👍👍", "👍"}},
		{"vietnamese letters count once", "Việt Nam", 8, []string{"Việt Nam"}},
	}
	for _, tt := range tests {
		if got := bot.SplitText(tt.text, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("%s: SplitText(%q, %d) = %q, want %q", tt.name, tt.text, tt.limit, got, tt.want)
		}
	}
}

func TestSplitTextKeepsEverythingWithinLimit(t *testing.T) {
	var b strings.Builder
	for i := range 700 {
		b.WriteString(strings.Repeat("Xã Bằng Lũng ", i%9))
		b.WriteString("✅ 👍\n")
	}
	b.WriteString(strings.Repeat("z", 9000)) // one line over two limits
	text := b.String()
	parts := bot.SplitText(text, 4096)
	if len(parts) < 5 {
		t.Fatalf("%d parts", len(parts))
	}
	for i, p := range parts {
		if bot.TextUnits(p) > 4096 || p == "" {
			t.Errorf("part %d has %d units", i, bot.TextUnits(p))
		}
	}
	strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if strip(strings.Join(parts, "")) != strip(text) {
		t.Error("splitting lost or changed text")
	}
}

// TestRenderForCapabilities: the same message is shaped once per channel
// kind: buttons where the channel has them, numbered lines and typed
// commands where it has not; the edit only where edits exist.
func TestRenderForCapabilities(t *testing.T) {
	out := &bot.Outgoing{Text: "Chọn đơn vị:", EditMessageID: "42", Buttons: []bot.Button{
		{Number: 1, Label: "Xã Bản Thi", Data: "n:1"},
		{Number: 2, Label: "Xã Yên Mỹ", Data: "n:2"},
		{Command: "/huy", Label: "✖ Hủy", Data: "n:x"},
	}}
	rich := bot.Render(out, bot.Caps{Buttons: true, Edit: true, MaxText: 4096})
	if !slices.Equal(rich.Parts, []string{"Chọn đơn vị:"}) || len(rich.Buttons) != 3 || rich.Edit != "42" {
		t.Errorf("with buttons: %+v", rich)
	}
	plain := bot.Render(out, bot.Caps{MaxText: 2000})
	want := "Chọn đơn vị:\n  1. Xã Bản Thi\n  2. Xã Yên Mỹ\n  [/huy ✖ Hủy]"
	if !slices.Equal(plain.Parts, []string{want}) || plain.Buttons != nil || plain.Edit != "" {
		t.Errorf("text only: %+v, want the part %q, no buttons, no edit", plain, want)
	}
	long := &bot.Outgoing{Text: strings.Repeat("Xã Bằng Lũng: 12 hộ\n", 300)}
	for i, p := range bot.Render(long, bot.Caps{MaxText: 2000}).Parts {
		if bot.TextUnits(p) > 2000 || strings.HasSuffix(p, "\n") || !strings.HasSuffix(p, "hộ") {
			t.Errorf("part %d (%d units) not cut at a line boundary under 2000", i, bot.TextUnits(p))
		}
	}
}
