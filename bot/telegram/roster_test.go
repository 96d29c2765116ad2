package telegram

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/i18n"
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

// TestRosterFileOverBotAPI: an admin sends a roster file; the Poller
// downloads it (getFile, then the file address), the bot previews the
// changes with an Apply button, and pressing it stores them.
func TestRosterFileOverBotAPI(t *testing.T) {
	r := newRig(t)
	r.eng = bot.New(bot.Options{Config: r.cfg, Store: r.db, Clock: bot.ClockFunc(func() time.Time { return r.now }), Logger: quiet,
		RosterFile: func(_ *bot.Config, _ string, data []byte, _ *i18n.Printer) (*bot.Roster, error) {
			var ro bot.Roster
			return &ro, json.Unmarshal(data, &ro)
		}})
	r.start()
	office := r.user(1010, "be-thi-lan")
	next := r.cfg.Roster()
	next.Member("luong-van-hai").Units = append(next.Member("luong-van-hai").Units, "ban-thi")
	data, _ := json.Marshal(next)
	before := r.sent("sendMessage", office.ID)
	r.fake.Document(office, "doc-1", "danh-sach.csv", data)
	r.wait("preview", func() bool { return r.sent("sendMessage", office.ID) > before })
	preview := r.last(office.ID)
	mustHave(t, preview.Text, "danh-sach.csv", "luong-van-hai: giao thêm ban-thi")
	r.press(office, preview, "Áp dụng")
	mustHave(t, r.last(office.ID).Text, "Đã lưu danh sách (phiên bản 1)")
	if len(r.fake.Calls("getFile")) != 1 {
		t.Errorf("getFile calls: %d, want 1", len(r.fake.Calls("getFile")))
	}
}

// TestRosterFileOverWebhook: in webhook mode the Webhook downloads the file
// too, before the update is handled: the admin gets the preview.
func TestRosterFileOverWebhook(t *testing.T) {
	r := newRig(t)
	r.eng = bot.New(bot.Options{Config: r.cfg, Store: r.db, Clock: bot.ClockFunc(func() time.Time { return r.now }), Logger: quiet,
		RosterFile: func(_ *bot.Config, _ string, data []byte, _ *i18n.Printer) (*bot.Roster, error) {
			var ro bot.Roster
			return &ro, json.Unmarshal(data, &ro)
		}})
	r.user(1010, "be-thi-lan")
	next := r.cfg.Roster()
	next.Member("luong-van-hai").Units = append(next.Member("luong-van-hai").Units, "ban-thi")
	data, _ := json.Marshal(next)
	r.fake.Document(telegramtest.User{ID: 1010, FirstName: "Lan"}, "doc-9", "ds.xlsx", data) // the file, for getFile
	h := &Webhook{Secret: hookSecret, Handler: r.eng, API: r.api, Log: quiet}
	good := hookSecret
	body := `{"update_id":500,"message":{"message_id":3,"from":{"id":1010,"is_bot":false,"first_name":"Lan"},"chat":{"id":1010,"type":"private"},"date":` +
		strconv.FormatInt(time.Now().Unix(), 10) + `,"document":{"file_id":"doc-9","file_unique_id":"u9","file_name":"ds.xlsx","file_size":10}}}`
	if got := postHook(t, h, &good, body); got != http.StatusOK {
		t.Fatalf("post: %d", got)
	}
	var out []bot.Outgoing
	_ = r.db.View(context.Background(), func(tx bot.Tx) (err error) { out, err = tx.Outbox(Name, 10); return err })
	if len(out) == 0 || !strings.Contains(out[len(out)-1].Text, "luong-van-hai: giao thêm ban-thi") {
		t.Fatalf("no preview queued: %+v", out)
	}
}
