package zalo

import (
	"encoding/json"
	"testing"
	"time"

	"fieldbot/bot"
)

const botID = "2000000000000000001"

// ev decodes one event body as the platform sends it.
func ev(t *testing.T, body string) Event {
	t.Helper()
	evs, err := decodeEvents([]byte(body))
	if err != nil || len(evs) != 1 {
		t.Fatalf("decode %s: %v, %d events", body, err, len(evs))
	}
	return evs[0]
}

func TestToUpdate(t *testing.T) {
	at := time.Date(2020, 9, 16, 2, 0, 0, 123e6, time.UTC)
	ms := at.UnixMilli()
	msg := func(event, fields string) string {
		return `{"event_name":"` + event + `","message":{"message_id":"m1","date":` + itoa(ms) +
			`,"chat":{"id":"c-100","chat_type":"PRIVATE"},"from":{"id":"u-100","display_name":"Lương Văn Hải","is_bot":false}` + fields + `}}`
	}
	chat := bot.ChatRef{Channel: Name, ChatID: "c-100"}
	tests := []struct {
		name string
		body string
		ok   bool
		want bot.Update
	}{
		{"text", msg(EventText, `,"text":"12"`), true,
			bot.Update{Text: "12", DedupeKey: "message.text.received:m1"}},
		{"image with caption (photo_url)", msg(EventImage, `,"photo_url":"https://f.zdn.vn/a.jpg","caption":"cầu"`), true,
			bot.Update{Photo: "zalo:https://f.zdn.vn/a.jpg", Text: "cầu", DedupeKey: "message.image.received:m1"}},
		{"image (photo)", msg(EventImage, `,"photo":"https://f.zdn.vn/b.jpg"`), true,
			bot.Update{Photo: "zalo:https://f.zdn.vn/b.jpg", DedupeKey: "message.image.received:m1"}},
		{"image (url)", msg(EventImage, `,"url":"https://f.zdn.vn/c.jpg"`), true,
			bot.Update{Photo: "zalo:https://f.zdn.vn/c.jpg", DedupeKey: "message.image.received:m1"}},
		{"image without any url", msg(EventImage, ``), true,
			bot.Update{Unsupported: "unsupported", DedupeKey: "message.image.received:m1"}},
		{"sticker", msg(EventSticker, `,"sticker":"abc","url":"https://s.zdn.vn/s.png"`), true,
			bot.Update{Unsupported: "sticker", DedupeKey: "message.sticker.received:m1"}},
		{"voice", msg(EventVoice, `,"voice_url":"https://v.zdn.vn/v.aac"`), true,
			bot.Update{Unsupported: "voice", DedupeKey: "message.voice.received:m1"}},
		{"protected account", msg(EventUnsupported, ``), true,
			bot.Update{Unsupported: "unsupported", DedupeKey: "message.unsupported.received:m1"}},
		{"an undocumented kind", msg("message.location.received", ``), true,
			bot.Update{Unsupported: "unsupported", DedupeKey: "message.location.received:m1"}},
		{"a file", msg("message.file.received", ``), true,
			bot.Update{Unsupported: "file", DedupeKey: "message.file.received:m1"}},
		{"not a message", `{"event_name":"user.follow","message":{"chat":{"id":"c"},"from":{"id":"u"}}}`, false, bot.Update{}},
		{"echo of the bot's own send", `{"event_name":"message.text.received","message":{"message_id":"m2","chat":{"id":"c-100","chat_type":"PRIVATE"},"from":{"id":"` + botID + `","display_name":"Fieldbot"},"text":"Câu 1/9"}}`, false, bot.Update{}},
		{"another bot", `{"event_name":"message.text.received","message":{"message_id":"m3","chat":{"id":"c-100"},"from":{"id":"u-9","is_bot":true},"text":"x"}}`, false, bot.Update{}},
		{"no chat", `{"event_name":"message.text.received","message":{"message_id":"m4","from":{"id":"u-9"},"text":"x"}}`, false, bot.Update{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ToUpdate(ev(t, tt.body), botID)
			if ok != tt.ok {
				t.Fatalf("acted on: %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			want := tt.want
			want.Chat, want.UserID, want.UserName, want.At = chat, "u-100", "Lương Văn Hải", at
			if !equalUpdates(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if got.Seq != 0 || got.Group {
				t.Errorf("Seq %d, Group %v: want 0, false", got.Seq, got.Group)
			}
		})
	}
}

func TestToUpdateGroupNumbersAndNames(t *testing.T) {
	u, ok := ToUpdate(ev(t, `{"event_name":"message.text.received","message":{"message_id":123,"date":"1600221600000",`+
		`"chat":{"id":-77,"chat_type":"GROUP"},"from":{"id":42,"first_name":"Hải"},"text":"/baocao"}}`), botID)
	if !ok || !u.Group || u.Chat.ChatID != "-77" || u.UserID != "42" || u.UserName != "Hải" ||
		u.DedupeKey != "message.text.received:123" || !u.At.Equal(time.UnixMilli(1600221600000)) {
		t.Errorf("group message with numeric ids: %+v, %v", u, ok)
	}
	if u.Chat.ChatID == u.UserID {
		t.Error("chat id taken from the user id")
	}
	u, _ = ToUpdate(ev(t, `{"event_name":"message.text.received","message":{"message_id":"x","chat":{"id":"c"},"from":{"id":"u"},"text":"hi"}}`), botID)
	if u.Group || !u.At.IsZero() {
		t.Errorf("no chat_type and no date: %+v, want a private chat, zero time", u)
	}
}

func TestDecodeEventsShapes(t *testing.T) {
	one := `{"event_name":"message.text.received","message":{"message_id":"a","chat":{"id":"c"},"from":{"id":"u"},"text":"1"}}`
	two := `{"event_name":"message.text.received","message":{"message_id":"b","chat":{"id":"c"},"from":{"id":"u"},"text":"2"}}`
	for body, n := range map[string]int{
		one: 1, `{"ok":true,"result":` + one + `}`: 1, `[` + one + `,` + two + `]`: 2,
		`{"ok":true,"result":[` + one + `,` + two + `]}`: 2, `null`: 0, `{}`: 0, `[]`: 0,
	} {
		evs, err := decodeEvents([]byte(body))
		if err != nil || len(evs) != n {
			t.Errorf("%s: %d events, %v; want %d", body, len(evs), err, n)
		}
	}
	if _, err := decodeEvents([]byte(`{"event_name":`)); err == nil {
		t.Error("malformed JSON decoded")
	}
}

func equalUpdates(a, b bot.Update) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb) && a.At.Equal(b.At)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
