package bot_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"fieldbot/bot"
)

// text is everything the channel delivered to chat, as its reader sees it.
func (c *fakeChannel) text(chat string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var b strings.Builder
	for _, d := range c.sent {
		if d.chat == chat {
			b.WriteString(strings.Join(d.r.Parts, "\n") + "\n")
		}
	}
	return b.String()
}

// TestFirstContactNoticeOncePerAccount: the first reply to an account says
// that this is an automated system and what it keeps, once per account (a
// member's Zalo account gets its own), and names no area to a stranger.
func TestFirstContactNoticeOncePerAccount(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	stranger := account{"telegram", "55", "55"}
	r.send(stranger, bot.Update{Text: "xin chào"})
	r.send(stranger, bot.Update{Text: "/trangthai"})
	got := tg.text("55")
	if n := strings.Count(got, "hệ thống trả lời tự động"); n != 1 {
		t.Errorf("notice shown %d times to a stranger, want once:\n%s", n, got)
	}
	mustContain(t, got, "lưu tên và mã tài khoản Telegram")
	if strings.Contains(got, "Huyện Thử") {
		t.Errorf("a stranger learnt the area:\n%s", got)
	}
	inv, err := r.eng.Invite(context.Background(), "hung") // hung reads English
	if err != nil {
		t.Fatal(err)
	}
	member := account{"zalo", "u-hung", "c-hung"}
	r.send(member, bot.Update{Text: inv.Display()})
	got = zl.text("c-hung")
	mustContain(t, got, "hệ thống trả lời tự động", "This is an automated system", "your Zalo account")
	r.send(member, bot.Update{Text: "/status"})
	if n := strings.Count(zl.text("c-hung"), "automated system"); n != 1 {
		t.Errorf("notice shown %d times on Zalo, want once", n)
	}
}

// TestCodeOnlyRegistrationWithoutContactButton: on a channel that cannot ask
// for a phone number, the stranger is told to type the code, and no
// "share my phone" keyboard is asked for.
func TestCodeOnlyRegistrationWithoutContactButton(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	r.send(account{"zalo", "u9", "c9"}, bot.Update{Text: "xin chào"})
	last := zl.last(t)
	if last.out.RequestContact != "" || strings.Contains(last.out.Text, "Chia sẻ số điện thoại") {
		t.Errorf("a contact button offered on Zalo: %+v", last.out)
	}
	mustContain(t, last.out.Text, "gửi mã mời")
	r.send(account{"telegram", "9", "9"}, bot.Update{Text: "xin chào"})
	if tg.last(t).out.RequestContact == "" {
		t.Error("no contact button on Telegram")
	}
}

// TestUnsupportedContentIsNamed: a sticker or a message Zalo hides is
// answered with what the bot cannot read and what it can, and the open
// question is asked again.
func TestUnsupportedContentIsNamed(t *testing.T) {
	zl := plainChannel()
	r := newChannelRig(t, zl)
	a := account{"zalo", "u-lan", "c-lan"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
		t.Fatal(err)
	}
	r.send(a, bot.Update{Text: "/baocao"})
	r.send(a, bot.Update{Text: "1"})
	r.send(a, bot.Update{Unsupported: "sticker"})
	got := strings.Join(zl.sent[len(zl.sent)-2].r.Parts, "\n") + strings.Join(zl.last(t).r.Parts, "\n")
	mustContain(t, got, "chưa đọc được nhãn dán", "Vui lòng gửi tin nhắn chữ", "Câu 1/")
	r.send(a, bot.Update{Unsupported: "unsupported"})
	mustContain(t, zl.text("c-lan"), "nền tảng không cho xem nội dung")
}

// TestPhotoBytesAreKeptForAPhotoQuestion: a photo whose platform reference
// does not last is stored, once, and the report refers to the stored copy;
// photo bytes sent when no photo is asked for are not kept.
func TestPhotoBytesAreKeptForAPhotoQuestion(t *testing.T) {
	zl := plainChannel()
	r := newChannelRig(t, zl)
	a := account{"zalo", "u-lan", "c-lan"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
		t.Fatal(err)
	}
	jpeg := []byte("\xff\xd8\xff\xe0 a photo of the works")
	r.send(a, bot.Update{Photo: "zalo:https://cdn.example/x.jpg", PhotoData: []byte("not asked")})
	for _, s := range []string{"/baocao", "1", "12", "350", "/boqua", "/boqua", "1", "1", "/boqua", "/boqua"} {
		r.send(a, bot.Update{Text: s})
	}
	mustContain(t, strings.Join(zl.last(t).r.Parts, "\n"), "Ảnh công trình")
	r.send(a, bot.Update{Photo: "zalo:https://cdn.example/y.jpg", PhotoData: jpeg})
	r.send(a, bot.Update{Text: "/xacnhan"})
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		rep, err := tx.LatestReport("2020-W38", "an-binh")
		if err != nil {
			return err
		}
		ref := rep.Values["photo"].Text
		h, ok := strings.CutPrefix(ref, bot.BlobPrefix)
		if !ok {
			t.Fatalf("photo stored as %q, want a blob reference", ref)
		}
		data, err := tx.Blob(h)
		if err != nil || string(data) != string(jpeg) {
			t.Errorf("blob = %q, %v", data, err)
		}
		sum := sha256.Sum256([]byte("not asked"))
		if _, err := tx.Blob(hex.EncodeToString(sum[:])); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("a photo nobody asked for was kept: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnitChosenByName: where choices are typed, the unit can be named
// instead of numbered, without accents; a name that fits two units is
// asked again by number.
func TestUnitChosenByName(t *testing.T) {
	zl := plainChannel()
	r := newChannelRig(t, zl)
	a := account{"zalo", "u-lan", "c-lan"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
		t.Fatal(err)
	}
	r.send(a, bot.Update{Text: "/baocao"})
	r.send(a, bot.Update{Text: "binh"}) // An Bình and Bình An
	mustContain(t, zl.text("c-lan"), "Vui lòng chọn một số từ 1 đến 2")
	r.send(a, bot.Update{Text: "Xa Binh An"})
	mustContain(t, strings.Join(zl.last(t).r.Parts, "\n"), "Câu 1/", "Xã Bình An")
}

// TestLanguageListIsNumbered: with no report open, /ngonngu lists the
// languages numbered, and typing the number chooses; mid-report the list
// offers commands only, so numbers still answer the question.
func TestLanguageListIsNumbered(t *testing.T) {
	h := newHarness(t, testConfig(t))
	mustContain(t, h.say("lan", "/ngonngu"), "  1. Tiếng Việt", "  2. English")
	if out := h.say("lan", "/trangthai"); strings.Contains(out, "Chọn ngôn ngữ") {
		t.Errorf("another command re-asked the language menu:\n%s", out)
	}
	mustContain(t, h.say("lan", "/ngonngu"), "  1. Tiếng Việt")
	mustContain(t, h.say("lan", "2"), "English")
	mustContain(t, h.say("lan", "/help"), "/report")
	h.say("lan", "/report")
	h.say("lan", "1")
	out := h.say("lan", "/lang")
	if strings.Contains(out, "  1. Tiếng Việt") {
		t.Errorf("numbered languages during a report:\n%s", out)
	}
	mustContain(t, out, "[/ngonngu vi Tiếng Việt]", "Question 1/")
}

// TestFailedPhotoDownloadIsAskedAgain: a Zalo photo the adapter could not
// download is not recorded as a photo (its link does not last): the member
// is told, and the question asked again.
func TestFailedPhotoDownloadIsAskedAgain(t *testing.T) {
	zl := plainChannel()
	r := newChannelRig(t, zl)
	a := account{"zalo", "u-lan", "c-lan"}
	if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"/baocao", "1", "12", "350", "/boqua", "/boqua", "1", "1", "/boqua", "/boqua"} {
		r.send(a, bot.Update{Text: s})
	}
	r.send(a, bot.Update{Unsupported: "photo_failed"}) // as the Zalo adapter hands over a failed download
	got := zl.text("c-lan")
	mustContain(t, got, "Không tải được ảnh")
	mustContain(t, strings.Join(zl.last(t).r.Parts, "\n"), "Ảnh công trình")
}

// TestCatchUpDoesNotRemindTwiceOnAnotherAccount: a reminder already sent to
// one account is not sent again to the member's other account when the job
// is caught up after they wrote from it.
func TestCatchUpDoesNotRemindTwiceOnAnotherAccount(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	tgA, zlA := account{"telegram", "7", "7"}, account{"zalo", "u-lan", "c-lan"}
	for _, a := range []account{tgA, zlA} {
		if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
			t.Fatal(err)
		}
	}
	r.send(tgA, bot.Update{Text: "/trangthai"})
	if _, err := r.eng.Remind(context.Background(), 0, r.now); err != nil {
		t.Fatal(err)
	}
	r.flush()
	r.send(zlA, bot.Update{Text: "/trangthai"})
	before := len(zl.sent)
	if _, err := r.eng.Remind(context.Background(), 0, r.now); err != nil { // caught up at a restart
		t.Fatal(err)
	}
	r.flush()
	if n := len(zl.sent) - before; n != 0 {
		t.Errorf("the same reminder again on Zalo: %d messages", n)
	}
}

// TestRemindersSkipChannelsNotRunning: an account on a channel the bot does
// not run now (its token removed) is not chosen while another works.
func TestRemindersSkipChannelsNotRunning(t *testing.T) {
	tg := richChannel()
	r := newChannelRig(t, tg) // Zalo not running
	for _, a := range []account{{"telegram", "7", "7"}, {"zalo", "u-lan", "c-lan"}} {
		if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
			t.Fatal(err)
		}
	}
	err := r.db.Update(context.Background(), func(tx bot.Tx) error {
		return tx.PutMemberState("lan", bot.MemberState{Prefer: "zalo/u-lan"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.eng.Remind(context.Background(), 0, r.now); err != nil {
		t.Fatal(err)
	}
	r.flush()
	if len(tg.sent) != 1 {
		t.Errorf("%d reminders on Telegram, want 1 (Zalo is not running)", len(tg.sent))
	}
}
