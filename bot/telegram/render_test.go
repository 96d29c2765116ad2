package telegram

import (
	"slices"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

func TestInlineKeyboardLayout(t *testing.T) {
	short := []bot.Button{{Number: 1, Label: "Có", Data: "n:1"}, {Number: 2, Label: "Không", Data: "n:2"},
		{Label: "⬅ Quay lại", Data: "n:b", Command: "/quaylai"}, {Label: "✖ Hủy", Data: "n:c", Command: "/huy"}}
	kb := inlineKeyboard(short)
	if got := shape(kb); !slices.Equal(got, []int{2, 2}) {
		t.Errorf("yes/no + 2 nav: rows %v, want [2 2]", got)
	}
	if kb.InlineKeyboard[0][0].Text != "1. Có" || *kb.InlineKeyboard[0][0].CallbackData != "n:1" {
		t.Errorf("first button %+v", kb.InlineKeyboard[0][0])
	}
	if kb.InlineKeyboard[1][1].Text != "✖ Hủy" {
		t.Errorf("nav buttons are not on the last row: %+v", kb.InlineKeyboard[1])
	}
	var units []bot.Button
	for i, name := range []string{"⏳ Xã Bằng Lũng", "⏳ Xã Ngọc Phái", "✅ Xã Phương Viên", "⏳ Xã Bản Thi", "⏳ Xã Xuân Lạc"} {
		units = append(units, bot.Button{Number: i + 1, Label: name, Data: "d"})
	}
	if got := shape(inlineKeyboard(units)); !slices.Equal(got, []int{2, 2, 1}) {
		t.Errorf("5 unit names: rows %v, want two per row", got)
	}
	long := []bot.Button{{Number: 1, Label: "Số hộ thoát nghèo từ đầu năm", Data: "d"}, {Number: 2, Label: "Vốn đã giải ngân (lũy kế)", Data: "d"}}
	if got := shape(inlineKeyboard(long)); !slices.Equal(got, []int{1, 1}) {
		t.Errorf("long labels: rows %v, want one per row", got)
	}
	seven := make([]bot.Button, 7)
	for i := range seven {
		seven[i] = bot.Button{Number: i + 1, Label: "x", Data: "d"}
	}
	if got := shape(inlineKeyboard(seven)); !slices.Equal(got, []int{3, 2, 2}) {
		t.Errorf("7 short: rows %v, want balanced [3 2 2]", got)
	}
	if inlineKeyboard([]bot.Button{{Label: "typed only", Command: "/x"}}) != nil {
		t.Error("a button without payload made a keyboard")
	}
}

func shape(kb *tgbotapi.InlineKeyboardMarkup) []int {
	var out []int
	for _, r := range kb.InlineKeyboard {
		out = append(out, len(r))
	}
	return out
}

func TestMarkupsPlaceKeyboards(t *testing.T) {
	out := &bot.Outgoing{Text: "x", Buttons: []bot.Button{{Number: 1, Label: "a", Data: "d"}}}
	parts, ms := markups(out, bot.Rendered{Parts: []string{"p1", "p2"}, Buttons: out.Buttons})
	if len(parts) != 2 || ms[0] != nil || ms[1] == nil {
		t.Errorf("buttons not on the last part: %v", ms)
	}
	out.RequestContact = "📱 Chia sẻ số điện thoại"
	parts, ms = markups(out, bot.Rendered{Parts: []string{"p1"}, Buttons: out.Buttons})
	if len(parts) != 2 || parts[1] != keyboardNote {
		t.Fatalf("contact + buttons in one part: parts %q", parts)
	}
	kb, ok := ms[0].(tgbotapi.ReplyKeyboardMarkup)
	if !ok || !kb.OneTimeKeyboard || !kb.Keyboard[0][0].RequestContact {
		t.Errorf("first part markup %#v, want a one-time contact keyboard", ms[0])
	}
}

func TestMarkupsRemoveTheContactKeyboard(t *testing.T) {
	_, ms := markups(&bot.Outgoing{Text: "✅", RemoveKeyboard: true}, bot.Rendered{Parts: []string{"✅"}})
	if rm, ok := ms[0].(tgbotapi.ReplyKeyboardRemove); !ok || !rm.RemoveKeyboard {
		t.Errorf("markup %#v, want a keyboard removal", ms[0])
	}
}
