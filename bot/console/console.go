// Package console is the terminal channel: a person (or a script, or a test)
// types messages line by line and reads the bot's replies, with choices as a
// numbered list. Like every channel it only translates: lines become
// bot.Updates, and outbox messages become text.
package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"fieldbot/bot"
)

// Name is the console channel's name in chat references.
const Name = "console"

// Console writes outgoing messages to a terminal or any writer.
type Console struct {
	// Out receives the bot's messages.
	Out io.Writer
	// Files is the folder attachments are written to; empty: the working directory.
	Files string
	// Render, when set, makes the console show messages as a channel of
	// those capabilities would (ZaloCaps: the text-only flow, split under
	// 2000 characters, files by link), each part as its own message.
	Render *bot.Caps

	mu sync.Mutex
}

// Name returns "console".
func (c *Console) Name() string { return Name }

// Caps is what the console shows: text of any length, choices typed by
// number or command, attachments written to Files; or Render's.
func (c *Console) Caps() bot.Caps {
	if c.Render != nil {
		return *c.Render
	}
	return bot.Caps{Documents: true, Photos: bot.PhotoUpload}
}

// ZaloCaps are Zalo's capabilities, for playing its rendering on the console.
var ZaloCaps = bot.Caps{MaxText: 2000, Photos: bot.PhotoURL}

// InviteLink is "": on the console a member is chosen at start-up.
func (c *Console) InviteLink(string) string { return "" }

// Send writes one message: its text, then its choices, numbered ones first,
// as bot.Render lays them out for a channel without buttons.
func (c *Console) Send(_ context.Context, out *bot.Outgoing) error {
	if out.Text == "" && len(out.Attach) == 0 {
		return nil // a bare button acknowledgement: nothing to show here
	}
	var b strings.Builder
	b.WriteString(strings.Join(bot.Render(out, c.Caps()).Parts, "\n\n")) // one part a message
	b.WriteByte('\n')
	if len(out.Attach) > 0 && c.Files != "" {
		if err := os.MkdirAll(c.Files, 0o755); err != nil {
			return bot.Refused(bot.ReasonFileRefused, fmt.Errorf("console: %w", err))
		}
	}
	for _, a := range out.Attach {
		if a.URL != "" {
			fmt.Fprintf(&b, "  → %s\n", a.URL)
			continue
		}
		path := filepath.Join(c.Files, filepath.Base(a.Name))
		if err := os.WriteFile(path, a.Data, 0o644); err != nil {
			return bot.Refused(bot.ReasonFileRefused, fmt.Errorf("console: write %s: %w", path, err))
		}
		fmt.Fprintf(&b, "  → %s\n", path)
	}
	b.WriteByte('\n')
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.Out, b.String()); err != nil {
		return bot.Temporary(fmt.Errorf("console: write: %w", err))
	}
	return nil
}

// Update turns one typed line into an update from userID in chat. A line
// "/anh PATH" (or "/photo PATH") sends the file at PATH as a photo; when
// there is no such file, nothing is sent and the update says so
// (Unsupported MissingPhoto), as a platform says what it could not deliver.
// A line that sends several photos (see Updates) gives the first of them.
func Update(chat bot.ChatRef, userID, line string) bot.Update {
	return Updates(chat, userID, line)[0]
}

// Updates turns one typed line into the updates it sends: one, or one a
// photo for an album. "/anh A.jpg B.jpg C.jpg | caption" sends the three
// files as one album, as Telegram does: one update a photo, all with the
// same media group, the caption on the first. A path with spaces is sent
// alone ("/anh my photo.jpg"); an album is sent only when every path is a
// file.
func Updates(chat bot.ChatRef, userID, line string) []bot.Update {
	u := bot.Update{Chat: chat, UserID: userID, Text: line}
	for _, prefix := range []string{"/anh ", "/ảnh ", "/photo "} {
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok {
			continue
		}
		rest, caption, _ := strings.Cut(rest, " | ")
		paths := []string{strings.TrimSpace(rest)}
		if !isFile(paths[0]) {
			paths = strings.Fields(rest)
		}
		u.Text = strings.TrimSpace(caption)
		for _, p := range paths {
			if !isFile(p) {
				u.Text, u.Unsupported = "", bot.MissingPhoto
				return []bot.Update{u}
			}
		}
		if len(paths) == 0 {
			u.Text, u.Unsupported = "", bot.MissingPhoto
			return []bot.Update{u}
		}
		out := make([]bot.Update, len(paths))
		for i, p := range paths {
			out[i] = u
			out[i].Photo = "file:" + p
			if i > 0 {
				out[i].Text = ""
			}
			if len(paths) > 1 {
				out[i].MediaGroup = "console:" + line
			}
		}
		return out
	}
	return []bot.Update{u}
}

// isFile reports whether path names a regular file.
func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
