package telegram

import (
	"encoding/json"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
)

// TestToUpdate maps Bot API updates, written as Telegram sends them.
func TestToUpdate(t *testing.T) {
	const from = `"from":{"id":123456789,"is_bot":false,"first_name":"Lan","last_name":"Trần","username":"lan_tt","language_code":"vi"}`
	const chat = `"chat":{"id":123456789,"type":"private","first_name":"Lan"}`
	at := time.Unix(1600221600, 0).UTC()
	priv := bot.ChatRef{Channel: "telegram", ChatID: "123456789"}
	base := func(seq uint64) bot.Update {
		return bot.Update{Chat: priv, UserID: "123456789", UserName: "Lan Trần", LangHint: "vi", At: at, Seq: seq}
	}
	with := func(u bot.Update, f func(*bot.Update)) bot.Update { f(&u); return u }
	tests := []struct {
		name string
		json string
		want bot.Update
		ok   bool
	}{
		{"text", `{"update_id":700,"message":{"message_id":5,` + from + `,` + chat + `,"date":1600221600,"text":"12"}}`,
			with(base(701), func(u *bot.Update) { u.Text = "12" }), true},
		{"command with argument", `{"update_id":701,"message":{"message_id":6,` + from + `,` + chat + `,"date":1600221600,"text":"/ngonngu@fieldbot_bot en","entities":[{"offset":0,"length":20,"type":"bot_command"}]}}`,
			with(base(702), func(u *bot.Update) { u.Text = "/ngonngu@fieldbot_bot en" }), true},
		{"update_id 0 still has a number", `{"update_id":0,"message":{"message_id":1,` + from + `,` + chat + `,"date":1600221600,"text":"/start"}}`,
			with(base(1), func(u *bot.Update) { u.Text = "/start" }), true},
		{"a supergroup is a group", `{"update_id":9,"message":{"message_id":7,` + from + `,"chat":{"id":-1001234567890,"type":"supergroup","title":"BCĐ"},"date":1600221600,"text":"/trangthai"}}`,
			with(base(10), func(u *bot.Update) { u.Chat.ChatID, u.Group, u.Text = "-1001234567890", true, "/trangthai" }), true},
		{"the chat type says private, whatever the ids", `{"update_id":11,"message":{"message_id":8,` + from + `,"chat":{"id":555,"type":"private","first_name":"Lan"},"date":1600221600,"text":"/trangthai"}}`,
			with(base(12), func(u *bot.Update) { u.Chat.ChatID, u.Text = "555", "/trangthai" }), true},
		{"callback", `{"update_id":702,"callback_query":{"id":"4382bfdwdsb323b2d9",` + from + `,"message":{"message_id":42,"from":{"id":1,"is_bot":true,"first_name":"Bot"},` + chat + `,"date":1600221000,"text":"Câu 1"},"chat_instance":"-1","data":"k3x9:2"}}`,
			with(base(703), func(u *bot.Update) {
				u.At = time.Time{}
				u.Callback = &bot.Callback{ID: "4382bfdwdsb323b2d9", Data: "k3x9:2", MessageID: "42"}
			}), true},
		{"callback on an inline message", `{"update_id":703,"callback_query":{"id":"q",` + from + `,"inline_message_id":"AAA","chat_instance":"-1","data":"x"}}`,
			with(base(704), func(u *bot.Update) { u.At = time.Time{}; u.Callback = &bot.Callback{ID: "q", Data: "x"} }), true},
		{"contact", `{"update_id":704,"message":{"message_id":8,` + from + `,` + chat + `,"date":1600221600,"contact":{"phone_number":"+84912000001","first_name":"Lan","user_id":123456789}}}`,
			with(base(705), func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "+84912000001", UserID: "123456789"} }), true},
		{"someone else's contact", `{"update_id":705,"message":{"message_id":9,` + from + `,` + chat + `,"date":1600221600,"contact":{"phone_number":"0912000002","first_name":"Bình"}}}`,
			with(base(706), func(u *bot.Update) { u.Contact = &bot.Contact{Phone: "0912000002"} }), true},
		{"photo: the largest size, caption as text", `{"update_id":706,"message":{"message_id":10,` + from + `,` + chat + `,"date":1600221600,"photo":[{"file_id":"small","file_unique_id":"a","width":90,"height":67},{"file_id":"big","file_unique_id":"c","width":1280,"height":960},{"file_id":"mid","file_unique_id":"b","width":320,"height":240}],"caption":"Đường vào bản"}}`,
			with(base(707), func(u *bot.Update) { u.Photo = "tg:big"; u.Text = "Đường vào bản" }), true},
		{"image sent as a file", `{"update_id":707,"message":{"message_id":11,` + from + `,` + chat + `,"date":1600221600,"document":{"file_id":"doc1","file_unique_id":"d","file_name":"a.jpg","mime_type":"image/jpeg"}}}`,
			with(base(708), func(u *bot.Update) { u.Photo = "tg:doc1" }), true},
		{"location: its point", `{"update_id":708,"message":{"message_id":12,` + from + `,` + chat + `,"date":1600221600,"location":{"latitude":22.15,"longitude":105.6}}}`,
			with(base(709), func(u *bot.Update) { u.Location = &bot.Location{Lat: 22.15, Lon: 105.6} }), true},
		{"venue: its point", `{"update_id":708,"message":{"message_id":12,` + from + `,` + chat + `,"date":1600221600,"venue":{"location":{"latitude":22.1,"longitude":105.5},"title":"UBND xã","address":"Bản Thi"}}}`,
			with(base(709), func(u *bot.Update) { u.Location = &bot.Location{Lat: 22.1, Lon: 105.5} }), true},
		{"album photo: its media group", `{"update_id":708,"message":{"message_id":12,` + from + `,` + chat + `,"date":1600221600,"media_group_id":"g7","photo":[{"file_id":"p1","file_unique_id":"a","width":90,"height":67}]}}`,
			with(base(709), func(u *bot.Update) { u.Photo = "tg:p1"; u.MediaGroup = "g7" }), true},
		{"sticker: an update without text", `{"update_id":709,"message":{"message_id":13,` + from + `,` + chat + `,"date":1600221600,"sticker":{"file_id":"s","file_unique_id":"s","width":512,"height":512,"is_animated":false}}}`,
			base(710), true},
		{"service message is ignored", `{"update_id":710,"message":{"message_id":14,` + from + `,"chat":{"id":-100,"type":"group","title":"g"},"date":1600221600,"new_chat_members":[{"id":5,"is_bot":false,"first_name":"X"}]}}`,
			bot.Update{}, false},
		{"edited message is ignored", `{"update_id":711,"edited_message":{"message_id":5,` + from + `,` + chat + `,"date":1600221600,"edit_date":1600221700,"text":"13"}}`,
			bot.Update{}, false},
		{"channel post is ignored", `{"update_id":712,"channel_post":{"message_id":1,"chat":{"id":-1009,"type":"channel","title":"c"},"date":1600221600,"text":"hi"}}`,
			bot.Update{}, false},
		{"message from a bot is ignored", `{"update_id":713,"message":{"message_id":15,"from":{"id":9,"is_bot":true,"first_name":"B"},"chat":{"id":-100,"type":"group","title":"g"},"date":1600221600,"text":"/baocao"}}`,
			bot.Update{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tu tgbotapi.Update
			if err := json.Unmarshal([]byte(tt.json), &tu); err != nil {
				t.Fatal(err)
			}
			got, ok := ToUpdate(tu)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, got)
			}
			if !ok {
				return
			}
			if g, w := dump(got), dump(tt.want); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

// dump renders an update with its pointers followed, for comparison.
func dump(u bot.Update) string {
	b, _ := json.Marshal(u)
	return string(b)
}

func TestSeqOfFollowsOffsetArithmetic(t *testing.T) {
	// The stored offset (highest Seq) is the next getUpdates offset.
	for _, id := range []int{0, 1, 857016329} {
		if got := int(SeqOf(id)); got != id+1 {
			t.Errorf("SeqOf(%d) = %d, want %d (the offset that confirms it)", id, got, id+1)
		}
	}
}
