package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestStatusCountsGroupThousands: the chair's /trangthai writes its counts
// the reader's way: 1.000 in Vietnamese, 1,000 in English.
func TestStatusCountsGroupThousands(t *testing.T) {
	cfg := testConfig(t)
	cfg.Review.Approval = true
	for i := range 1000 {
		cfg.Units = append(cfg.Units, bot.Unit{Code: fmt.Sprintf("u%04d", i), Name: i18n.Text{i18n.VI: fmt.Sprintf("Xã %d", i), i18n.EN: fmt.Sprintf("Commune %d", i)}})
	}
	cfg.Index()
	h := newHarness(t, cfg)
	if err := h.db.Update(t.Context(), func(tx bot.Tx) error {
		for i := range 1000 {
			r := &bot.Report{Period: "2020-W38", Unit: fmt.Sprintf("u%04d", i), Member: "lan", Channel: "console", At: h.now,
				Values: map[string]bot.Value{"households": {Num: 1}}}
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, h.say("chair", "/trangthai"), "Toàn địa bàn: 1.000/1.003 đơn vị đã báo cáo.", "Đã duyệt 0/1.000 báo cáo.")
	h.say("chair", "/ngonngu en")
	mustContain(t, h.say("chair", "/status"), "1,000/1,003", "Approved: 0/1,000 reports.")
}

// TestLongReasonCountsGroupThousands: a reason of 1.199 characters (1.200
// typed, the last space trimmed) is
// refused naming its length the Vietnamese way.
func TestLongReasonCountsGroupThousands(t *testing.T) {
	h := approvalHarness(t)
	h.say("office", "/xem an-binh")
	h.say("office", "2")
	mustContain(t, h.say("office", strings.Repeat("dài ", 300)), "Lý do dài 1.199 ký tự") // trimmed: 1.199
}
