package telegram

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestAlbumIsOneAnswer: an album of three photos, sent through the fake
// Bot API and read by the real poller, is one answer to the photo question
// with its caption, answered by one message (the review, with the count); a
// fourth photo sent after the review is added to the same answer.
func TestAlbumIsOneAnswer(t *testing.T) {
	r := newRig(t)
	r.start()
	an := r.user(1001, "nguyen-van-an")
	r.say(an, "/baocao")
	for _, answer := range []string{"2", "12", "2", "350,5", "1", "85,5", "chậm", "Mưa kéo dài", "/boqua"} {
		r.say(an, answer)
	}
	mustHave(t, r.last(an.ID).Text, "Ảnh công trình")
	before := r.sent("sendMessage", an.ID)
	r.fake.Album(an, "album-1", "Đường vào bản Nà Pẻn", "ph1", "ph2", "ph3")
	r.wait("review", func() bool { return r.sent("sendMessage", an.ID) > before })
	time.Sleep(200 * time.Millisecond) // room for any extra reply to show up
	if n := r.sent("sendMessage", an.ID) - before; n != 1 {
		t.Errorf("%d messages for one album, want 1", n)
	}
	review := r.last(an.ID).Text
	mustHave(t, review, "Đã nhận 3 ảnh", "Ảnh công trình hoặc mô hình (nếu có): 3 ảnh (“Đường vào bản Nà Pẻn”)",
		"Đánh giá chung tiến độ thực hiện: Chậm tiến độ")

	before = r.sent("sendMessage", an.ID)
	r.fake.Photo(an, "ph4", "Cầu tràn")
	r.wait("review again", func() bool { return r.sent("sendMessage", an.ID) > before })
	mustHave(t, r.last(an.ID).Text, "Đã nhận 4 ảnh", ": 4 ảnh (“Đường vào bản Nà Pẻn”, “Cầu tràn”)")
	r.say(an, "/xacnhan")
	mustHave(t, r.last(an.ID).Text, "Đã lưu báo cáo")

	var rep *bot.Report
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		rep, err = tx.LatestReport("2020-W38", "ngoc-phai")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{PhotoPrefix + "ph1\tĐường vào bản Nà Pẻn", PhotoPrefix + "ph2", PhotoPrefix + "ph3", PhotoPrefix + "ph4\tCầu tràn"}, "\n")
	if got := rep.Values["photo"].Text; got != want {
		t.Errorf("stored photos %q, want %q", got, want)
	}
}

// TestAlbumOverWebhook: with a webhook Telegram posts each photo of an
// album on its own, so each gets a reply (the running count), and the three
// are still one answer.
func TestAlbumOverWebhook(t *testing.T) {
	r := newRig(t)
	r.user(1001, "nguyen-van-an")
	h := &Webhook{Secret: hookSecret, Handler: r.eng, Wake: func() {}, Log: quiet}
	good := hookSecret
	id := 1000
	post := func(fields string) {
		t.Helper()
		id++
		body := `{"update_id":` + strconv.Itoa(id) + `,"message":{"message_id":` + strconv.Itoa(id) +
			`,"from":{"id":1001,"is_bot":false,"first_name":"An","language_code":"vi"},"chat":{"id":1001,"type":"private"},"date":1600221600,` + fields + `}}`
		if code := postHook(t, h, &good, body); code != http.StatusOK {
			t.Fatalf("post %s: %d", fields, code)
		}
	}
	for _, text := range []string{"/baocao", "2", "12", "2", "350,5", "1", "85,5", "chậm", "Mưa kéo dài", "/boqua"} {
		post(`"text":` + strconv.Quote(text))
	}
	before := r.outboxLen()
	for i, file := range []string{"w1", "w2", "w3"} {
		caption := ""
		if i == 0 {
			caption = `"caption":"Đường vào bản",`
		}
		post(caption + `"media_group_id":"wg","photo":[{"file_id":"` + file + `","file_unique_id":"` + file + `u","width":800,"height":600}]`)
	}
	if n := r.outboxLen() - before; n != 3 {
		t.Errorf("%d replies to an album posted photo by photo, want 3", n)
	}
	var last string
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		out, err := tx.Outbox(Name, 0)
		if len(out) > 0 {
			last = out[len(out)-1].Text
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, last, "Đã nhận 3 ảnh", "(nếu có): 3 ảnh (“Đường vào bản”)")
}
