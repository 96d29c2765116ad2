package telegram

import (
	"testing"
)

// TestRosterAdminOverBotAPI: an admin assigns a unit with /giao through the
// fake Bot API; the member's next /baocao on Telegram offers it, and a
// member's /giao is refused.
func TestRosterAdminOverBotAPI(t *testing.T) {
	r := newRig(t)
	r.start()
	office := r.user(1010, "be-thi-lan")
	hai := r.user(1005, "luong-van-hai")
	mustHave(t, r.say(hai, "/giao luong-van-hai ban-thi").Text, "cơ quan thường trực")
	mustHave(t, r.say(office, "/giao luong-van-hai ban-thi").Text, "Đã lưu danh sách (phiên bản 1)", "luong-van-hai: giao thêm ban-thi")
	menu := r.say(hai, "/baocao")
	for _, unit := range []string{"Xã Bản Thi", "Xã Bình Trung", "Xã Yên Thịnh"} {
		r.button(menu, unit) // fails the test when the unit is not offered
	}
	mustHave(t, r.say(office, "/thanhvien").Text, "luong-van-hai — Lường Văn Hải (thành viên): binh-trung, yen-thinh, ban-thi")
}
