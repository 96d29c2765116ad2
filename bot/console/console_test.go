package console

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldbot/bot"
)

func TestSendRendersChoicesAndCommands(t *testing.T) {
	var b bytes.Buffer
	c := &Console{Out: &b, Files: t.TempDir()}
	out := &bot.Outgoing{Text: "Chọn đơn vị:", Buttons: []bot.Button{
		{Command: "/huy", Label: "✖ Hủy", Data: "n:x"},
		{Number: 1, Label: "⏳ Xã Bản Thi", Data: "n:1"},
		{Number: 2, Label: "✅ Xã Xuân Lạc", Data: "n:2"},
		{Command: "/quaylai", Label: "⬅ Quay lại", Data: "n:b"},
	}, Attach: []bot.Attachment{{Name: "../../tonghop.png", Photo: true, Data: []byte("png")}}}
	if err := c.Send(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	want := "Chọn đơn vị:\n  1. ⏳ Xã Bản Thi\n  2. ✅ Xã Xuân Lạc\n  [/huy ✖ Hủy] [/quaylai ⬅ Quay lại]\n  → " +
		filepath.Join(c.Files, "tonghop.png") + "\n\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	if data, err := os.ReadFile(filepath.Join(c.Files, "tonghop.png")); err != nil || string(data) != "png" {
		t.Errorf("attachment not written inside Files: %v", err)
	}
	b.Reset()
	if err := c.Send(context.Background(), &bot.Outgoing{AnswerCallback: "x"}); err != nil || b.Len() != 0 {
		t.Errorf("a bare acknowledgement printed %q", b.String())
	}
}

func TestUpdateFromLine(t *testing.T) {
	chat := bot.ChatRef{Channel: Name, ChatID: "lan"}
	photo := filepath.Join(t.TempDir(), "cong trinh.jpg")
	if err := os.WriteFile(photo, []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	u := Update(chat, "lan", "/anh "+photo)
	if u.Photo != "file:"+photo || u.Text != "" || u.UserID != "lan" || u.Chat != chat {
		t.Errorf("photo line: %+v", u)
	}
	if u := Update(chat, "lan", "  12 "); u.Text != "  12 " || u.Photo != "" {
		t.Errorf("text line: %+v", u)
	}
	if !strings.HasPrefix(Update(chat, "lan", "/photo "+photo).Photo, "file:") {
		t.Error("/photo is not read as a photo")
	}
	// No such file: no photo, and the update says why.
	if u := Update(chat, "lan", "/anh khong-co.jpg"); u.Photo != "" || u.Text != "" || u.Unsupported != bot.MissingPhoto {
		t.Errorf("missing file: %+v", u)
	}
}
