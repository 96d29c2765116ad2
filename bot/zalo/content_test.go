package zalo

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"fieldbot/bot"
)

// jpeg is the start of a JPEG file: enough for a content-type check.
var jpeg = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00 a photo of the works")

// TestStickersVoiceAndPhotosOverZalo: through the real client, engine and
// bbolt, a sticker, a voice note and a message Zalo hides are answered with
// what the bot can read (the open question again after it); a photo sent
// for the photo question is downloaded from its URL and kept in the
// database, and the report refers to the kept copy.
func TestStickersVoiceAndPhotosOverZalo(t *testing.T) {
	img := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write(jpeg)
	}))
	defer img.Close()
	r := newRig(t)
	r.webhook = true
	r.start()
	ctx := context.Background()
	an := r.fake.NewUser("An")
	inv, err := r.eng.Invite(ctx, "nguyen-van-an")
	if err != nil {
		t.Fatal(err)
	}
	mustHave(t, r.say(an, inv.Code), "Đăng ký thành công")
	mustHave(t, r.sendEvent(an, r.fake.StickerEvent(an), "sticker"), "chưa đọc được nhãn dán", "Vui lòng gửi tin nhắn chữ")
	mustHave(t, r.say(an, "/baocao"), "Chọn đơn vị")
	mustHave(t, r.say(an, "2"), "Câu 1/9")
	mustHave(t, r.sendEvent(an, r.fake.VoiceEvent(an), "voice"), "tin nhắn thoại", "Câu 1/9")
	mustHave(t, r.sendEvent(an, r.fake.UnsupportedEvent(an), "unsupported"), "không cho xem nội dung", "Câu 1/9")
	for _, s := range []string{"12", "2", "350,5", "1", "85,5", "1", "bỏ qua", "bỏ qua"} {
		r.say(an, s)
	}
	review := r.sendEvent(an, r.fake.ImageEvent(an, img.URL+"/cong-trinh.jpg", ""), "photo")
	mustHave(t, review, "Kiểm tra lại báo cáo", "Đã nhận 1 ảnh", "(nếu có): 1 ảnh")
	// A second photo, sent at the review, is added to the same answer (Zalo
	// has no albums: photos come one message each) and kept as well.
	review = r.sendEvent(an, r.fake.ImageEvent(an, img.URL+"/cau-tran.jpg", "Cầu tràn"), "photo")
	mustHave(t, review, "Kiểm tra lại báo cáo", "Đã nhận 2 ảnh", "(nếu có): 2 ảnh (“Cầu tràn”)")
	mustHave(t, r.say(an, "xác nhận"), "Đã lưu báo cáo của Xã Ngọc Phái (lần 1")
	err = r.db.View(ctx, func(tx bot.Tx) error {
		rep, err := tx.LatestReport("2020-W38", "ngoc-phai")
		if err != nil {
			return err
		}
		lines := strings.Split(rep.Values["photo"].Text, "\n")
		if len(lines) != 2 || !strings.HasSuffix(lines[1], "\tCầu tràn") {
			t.Fatalf("photos stored as %q, want two, the second with its caption", rep.Values["photo"].Text)
		}
		for _, line := range lines {
			ref, _, _ := strings.Cut(line, "\t")
			h, ok := strings.CutPrefix(ref, bot.BlobPrefix)
			if !ok {
				t.Fatalf("photo stored as %q, want the kept copy", ref)
			}
			data, err := tx.Blob(h)
			if err != nil || string(data) != string(jpeg) {
				t.Errorf("kept photo = %q, %v", data, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.checkSends(an)
}
