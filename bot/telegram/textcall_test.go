package telegram

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// formRecorder is a Bot API that keeps each call's method and form and
// answers with the answer set.
type formRecorder struct {
	mu     sync.Mutex
	forms  []url.Values
	paths  []string
	answer string
}

func (f *formRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/getMe") {
		_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B","username":"b_bot"}}`))
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.forms, f.paths = append(f.forms, r.PostForm), append(f.paths, r.URL.Path)
	answer := f.answer
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(answer))
}

// postText sends what tgbotapi's Request sent for the same message, to the
// same address, and reads the answer the same way: a refusal as the same
// *tgbotapi.Error, a 429's retry_after included.
func TestPostTextIsTgbotapisRequest(t *testing.T) {
	rec := &formRecorder{answer: `{"ok":true,"result":{"message_id":7,"chat":{"id":42,"type":"private"},"date":1,"text":"x"}}`}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	api, err := Dial(context.Background(), testToken, srv.URL+"/bot%s/%s", HTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	text := "<b>Câu 2/9</b> · Xã Bản Thi\nSố hộ & tỷ lệ: 12 (3,5 %) ~ a+b=c?"
	inline := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("1. Có", "a:1|x")))
	for _, markup := range []any{nil, inline, contactKeyboard("Gửi số điện thoại"), tgbotapi.NewRemoveKeyboard(true)} {
		m := tgbotapi.NewMessage(-1001234, text)
		m.ParseMode, m.DisableWebPagePreview, m.ReplyMarkup = tgbotapi.ModeHTML, true, markup
		e := tgbotapi.NewEditMessageText(-1001234, 99, text)
		e.ParseMode, e.DisableWebPagePreview = tgbotapi.ModeHTML, true
		if kb, ok := markup.(tgbotapi.InlineKeyboardMarkup); ok {
			e.ReplyMarkup = &kb
		}
		for _, pair := range []struct {
			old tgbotapi.Chattable
			new textCall
		}{
			{m, textCall{method: "sendMessage", chatID: -1001234, text: text, markup: markup}},
			{e, textCall{method: "editMessageText", chatID: -1001234, messageID: 99, text: text, markup: markupIfInline(markup)}},
		} {
			if _, err := api.request(context.Background(), pair.old); err != nil {
				t.Fatal(err)
			}
			if err := api.postText(context.Background(), pair.new); err != nil {
				t.Fatal(err)
			}
			n := len(rec.forms)
			old, got := rec.forms[n-2], rec.forms[n-1]
			old.Del("entities") // tgbotapi sends "null" for no entities
			if !reflect.DeepEqual(got, old) || rec.paths[n-1] != rec.paths[n-2] {
				t.Errorf("%s %T:\n sent %v to %s\n tgbotapi sent %v to %s", pair.new.method, markup, got, rec.paths[n-1], old, rec.paths[n-2])
			}
		}
	}
	rec.answer = `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`
	_, oldErr := api.request(context.Background(), tgbotapi.NewMessage(42, "x"))
	newErr := api.postText(context.Background(), textCall{method: "sendMessage", chatID: 42, text: "x"})
	var o, n *tgbotapi.Error
	if !errors.As(oldErr, &o) || !errors.As(newErr, &n) || !reflect.DeepEqual(o, n) {
		t.Errorf("refusal %#v, tgbotapi's %#v", newErr, oldErr)
	}
	if got := classify("send message", newErr).Error(); got != classify("send message", oldErr).Error() {
		t.Errorf("classified as %q", got)
	}
}

// markupIfInline is what the Channel's edit passes on: only an inline
// keyboard goes with an edit.
func markupIfInline(m any) any {
	if _, ok := m.(tgbotapi.InlineKeyboardMarkup); ok {
		return m
	}
	return nil
}

// appendQueryEscape writes what url.QueryEscape writes.
func FuzzAppendQueryEscape(f *testing.F) {
	for _, s := range []string{"", "a b", "Xã Bản Thi", "<b>&amp;</b>", "~-_.!*'();:@&=+$,/?#[]%", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendQueryEscape(nil, s)), url.QueryEscape(s); got != want {
			t.Fatalf("appendQueryEscape(%q) = %q, url.QueryEscape gives %q", s, got, want)
		}
	})
}
