package zalo

import (
	"context"
	"strings"
	"testing"

	"fieldbot/bot"
)

// TestRegisterByTypedCode: Zalo has no deep links, so members type the
// invite code, bare or after /start; a wrong code is refused and counted.
func TestRegisterByTypedCode(t *testing.T) {
	for _, mode := range []string{"poller", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			r := newRig(t)
			r.webhook = mode == "webhook"
			r.start()
			ctx := context.Background()
			cuong, hai := r.fake.NewUser("Cường"), r.fake.NewUser("Hải")
			invC, err := r.eng.Invite(ctx, "ma-van-cuong")
			if err != nil {
				t.Fatal(err)
			}
			invH, err := r.eng.Invite(ctx, "luong-van-hai")
			if err != nil {
				t.Fatal(err)
			}
			mustHave(t, r.say(cuong, "xin chào"), "chưa được đăng ký")
			mustHave(t, r.say(cuong, "AAAA-BBBB-CCCC"), "Mã mời không đúng", "1/5")
			mustHave(t, r.say(cuong, strings.ToLower(invC.Code)), "Đăng ký thành công", "Xin chào Ma Văn Cường")
			mustHave(t, r.say(hai, "/start "+invH.Code), "Đăng ký thành công", "Xin chào Lường Văn Hải")
			mustHave(t, r.say(cuong, "/baocao"), "Chọn đơn vị", "  1. ")
			var ids []bot.Identity
			_ = r.db.View(ctx, func(tx bot.Tx) error { ids, err = tx.IdentitiesOf("ma-van-cuong"); return err })
			if len(ids) != 1 || ids[0].Channel != Name || ids[0].UserID != cuong.ID {
				t.Errorf("identities %+v, want the Zalo user id %s (not the chat id)", ids, cuong.ID)
			}
			r.checkSends(cuong, hai)
		})
	}
}

// TestWholeReportOverZalo files a whole report by typed numbers and words,
// with a wrong answer, "quay lại", "bỏ qua", a correction from the review,
// a restart in the middle (the bbolt file closed and reopened, a new
// engine), a duplicate delivery and the bot's own echoes, through the real
// engine, store and sender; every reply goes to the private chat and none
// is over 2000 characters.
func TestWholeReportOverZalo(t *testing.T) {
	for _, mode := range []string{"poller", "webhook"} {
		t.Run(mode, func(t *testing.T) {
			r := newRig(t)
			r.webhook = mode == "webhook"
			r.fake.Echoes(true) // polled echoes of every send must be ignored
			r.start()
			ctx := context.Background()
			an := r.fake.NewUser("An")
			inv, err := r.eng.Invite(ctx, "nguyen-van-an")
			if err != nil {
				t.Fatal(err)
			}
			mustHave(t, r.say(an, inv.Code), "Đăng ký thành công")
			mustHave(t, r.say(an, "/baocao"), "  2. ⏳ Xã Ngọc Phái", "[/huy ✖ Hủy]")
			mustHave(t, r.say(an, "2"), "Câu 1/9 · Xã Ngọc Phái", "[/quaylai ⬅ Quay lại]")
			mustHave(t, r.say(an, "mười hai"), "không phải là số", "Câu 1/9")
			mustHave(t, r.say(an, "12"), "Câu 2/9")

			// The same event delivered twice: one reply only.
			dup := r.fake.TextEvent(an, "2")
			before := len(r.fake.Messages(an.ChatID))
			r.deliver(dup)
			r.deliver(dup)
			r.wait("the reply to the duplicate", func() bool { return len(r.fake.Messages(an.ChatID)) > before })
			mustHave(t, r.say(an, "350,5"), "Câu 4/9")
			got := r.fake.Messages(an.ChatID)[before:]
			if len(got) != 2 || !strings.Contains(got[0].Text, "Câu 3/9") {
				t.Errorf("after a duplicate delivery: %d messages, want question 3 once then question 4", len(got))
			}

			mustHave(t, r.say(an, "quay lại"), "Câu 3/9", "Câu trả lời hiện tại: 350,5 triệu đồng")
			r.restart() // mid-report: the session is in the database
			mustHave(t, r.say(an, "360"), "Câu 4/9")
			mustHave(t, r.say(an, "1"), "Câu 5/9")
			mustHave(t, r.say(an, "85,5"), "Câu 6/9", "  1. Đúng tiến độ")
			mustHave(t, r.say(an, "1"), "Câu 7/9", "[/boqua Bỏ qua ➡]")
			mustHave(t, r.say(an, "Mưa kéo dài, 01 công trình chậm"), "Câu 8/9")
			mustHave(t, r.say(an, "bỏ qua"), "Câu 9/9")
			review := r.say(an, "Bỏ Qua")
			mustHave(t, review, "Kiểm tra lại báo cáo", "1. Số hộ thoát nghèo từ đầu năm: 12 hộ", "360,0 triệu đồng", "[/xacnhan ")
			mustHave(t, r.say(an, "1"), "Câu 1/9", "12 hộ") // correct the first answer from the review
			mustHave(t, r.say(an, "13"), "Kiểm tra lại báo cáo", "13 hộ / 13 hộ")
			mustHave(t, r.say(an, "xác nhận"), "Đã lưu báo cáo của Xã Ngọc Phái (lần 1")

			var rep *bot.Report
			err = r.db.View(ctx, func(tx bot.Tx) error { rep, err = tx.LatestReport("2020-W38", "ngoc-phai"); return err })
			if err != nil {
				t.Fatal(err)
			}
			if rep.Values["households_escaped"].Num != 13 || rep.Values["p135_infra_disbursed"].Num != 360 ||
				rep.Values["difficulties"].Text != "Mưa kéo dài, 01 công trình chậm" {
				t.Errorf("stored %+v", rep.Values)
			}
			r.checkSends(an)
			if !r.webhook {
				r.wait("the echoes to be polled", func() bool { return r.fake.Pending() == 0 })
			}
		})
	}
}

// TestEchoesAreIgnored: with the platform echoing every send back, a
// conversation still gets exactly one reply per message, and the poller
// takes every echo without answering it.
func TestEchoesAreIgnored(t *testing.T) {
	r := newRig(t)
	r.fake.Echoes(true)
	r.start()
	u := r.fake.NewUser("Lạ")
	for range 3 {
		r.say(u, "/trogiup")
	}
	r.wait("the echoes to be polled", func() bool { return r.fake.Pending() == 0 })
	r.settle(u)
	if n := len(r.fake.Messages(u.ChatID)); n != 3 {
		t.Errorf("%d messages for 3, with echoes on", n)
	}
}
