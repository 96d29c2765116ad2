package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSendMessageHTML: in HTML parse mode the fake refuses what Telegram's
// parser refuses, with its description, and keeps the text without tags
// and with its entities read.
func TestSendMessageHTML(t *testing.T) {
	s := New("123:abc")
	defer s.Close()
	for _, c := range []struct{ text, refused, kept string }{
		{"<b>Câu 2/9</b> · Xã <i>Bản Thi</i> &amp; &lt;1&gt; &#272;", "", "Câu 2/9 · Xã Bản Thi & <1> Đ"},
		{`<a href="https://example.org/x">link</a> <tg-spoiler>s</tg-spoiler>`, "", "link s"},
		{"a <x>b</x>", "unsupported start tag at byte offset 2", ""},
		{"a & b", "unsupported entity at byte offset 2", ""},
		{"a > b", "unexpected end tag at byte offset 2", ""},
		{"<b>bold", "", "bold"},
	} {
		resp, err := http.PostForm(s.URL()+"/bot123:abc/sendMessage", url.Values{"chat_id": {"42"}, "text": {c.text}, "parse_mode": {"HTML"}})
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			OK          bool   `json:"ok"`
			Description string `json:"description"`
			Result      struct {
				Text string `json:"text"`
			} `json:"result"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		switch {
		case err != nil:
			t.Fatalf("%q: %v", c.text, err)
		case c.refused != "" && (body.OK || !strings.HasSuffix(body.Description, "can't parse entities: "+c.refused)):
			t.Errorf("%q: ok %v, %q; want refused with %q", c.text, body.OK, body.Description, c.refused)
		case c.refused == "" && (!body.OK || body.Result.Text != c.kept):
			t.Errorf("%q: ok %v (%s), kept %q; want %q", c.text, body.OK, body.Description, body.Result.Text, c.kept)
		}
	}
}
