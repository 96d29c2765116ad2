package bot

import (
	"strconv"
	"strings"
	"unicode"
)

// Rendered is one outgoing message shaped for a channel's capabilities.
// Every adapter renders through Render, so choices are numbered the same
// way everywhere: pressable where the channel has buttons, typed by number
// (or by command) where it has not.
type Rendered struct {
	// Parts are the texts to send, in order, each within Caps.MaxText; cut
	// between lines where possible.
	Parts []string
	// Buttons are the choices to offer as buttons (only with Caps.Buttons;
	// the adapter lays them out and numbers the numbered ones).
	Buttons []Button
	// Edit is the message to replace with the first part (only with
	// Caps.Edit).
	Edit string
}

// Render shapes out for a channel that can do caps. Without buttons, the
// numbered choices follow the text as "  1. label" lines and the commands as
// one "  [/quaylai ⬅ Quay lại] …" line, so the member types the number or
// the command.
func Render(out *Outgoing, caps Caps) Rendered {
	r := Rendered{}
	text := out.Text
	if caps.Buttons {
		r.Buttons = out.Buttons
	} else {
		text = withTypedChoices(text, out.Buttons)
	}
	if caps.Edit {
		r.Edit = out.EditMessageID
	}
	r.Parts = SplitText(text, caps.MaxText)
	return r
}

// withTypedChoices appends the buttons to text as lines to type from.
func withTypedChoices(text string, buttons []Button) string {
	lines := []string{text}
	var cmds []string
	for _, b := range buttons {
		switch {
		case b.Number > 0:
			lines = append(lines, "  "+strconv.Itoa(b.Number)+". "+b.Label)
		case b.Command != "":
			cmds = append(cmds, b.Command+" "+b.Label)
		}
	}
	if len(cmds) > 0 {
		lines = append(lines, "  ["+strings.Join(cmds, "] [")+"]")
	}
	return strings.Join(lines, "\n")
}

// SplitText cuts text into parts of at most limit UTF-16 code units (how
// Telegram counts, and never less than a count of characters), between lines
// where it can; a single line longer than that is cut at a space near the
// limit, or anywhere if it has none. Empty text gives no parts; a limit of 0
// means no limit.
func SplitText(text string, limit int) []string {
	if limit <= 0 {
		if text == "" {
			return nil
		}
		return []string{text}
	}
	if len(text) <= limit { // no more units than bytes: it fits
		if text == "" {
			return nil
		}
		return []string{strings.TrimRight(text, "\n")}
	}
	var parts []string
	start, end, units := 0, 0, 0 // the part so far is text[start:end], of units units
	flush := func() {
		if end > start {
			parts = append(parts, strings.TrimRight(text[start:end], "\n"))
		}
	}
	for end < len(text) {
		line := text[end:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		lineUnits := TextUnits(strings.TrimRight(line, "\n"))
		if units+lineUnits > limit {
			flush()
			start, units = end, 0
		}
		for lineUnits > limit {
			head, rest := cutLine(line, limit)
			parts = append(parts, head)
			end += len(line) - len(rest)
			start, line = end, rest
			lineUnits = TextUnits(strings.TrimRight(line, "\n"))
		}
		end += len(line)
		units += TextUnits(line)
	}
	flush()
	return parts
}

// cutLine splits an over-long line at most limit units in, at the last space
// in the second half of that stretch if there is one.
func cutLine(line string, limit int) (string, string) {
	n, cut, space := 0, len(line), -1
	for i, r := range line {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > limit {
			cut = i
			break
		}
		n += w
		if unicode.IsSpace(r) && n > limit/2 {
			space = i
		}
	}
	if space > 0 {
		return line[:space], strings.TrimLeftFunc(line[space:], unicode.IsSpace)
	}
	return line[:cut], line[cut:]
}

// TextUnits is the length of s in UTF-16 code units: a Vietnamese letter is
// one, most emoji two.
func TextUnits(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}
