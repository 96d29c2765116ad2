package digest_test

import (
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// TestDigestApprovedCount: with review.approval on, the completeness
// section says how many of the period's reports are approved (a report
// corrected after its approval is not); with it off, nothing is said (the
// other golden digests are made with it off).
func TestDigestApprovedCount(t *testing.T) {
	cfg := config.Demo()
	cfg.Review.Approval = true
	filings := append(lastWeek(), weekOf("2020-W38", nil, answers)...)
	at := time.Date(2020, 9, 18, 10, 0, 0, 0, cfg.Area.Location)
	d := buildWith(t, cfg, filings, func(tx bot.Tx) error {
		for _, unit := range []string{"ban-thi", "bang-lung", "xuan-lac"} {
			rec := &bot.ReviewRecord{Period: "2020-W38", Unit: unit,
				Changes: []bot.StateChange{{State: bot.StateApproved, Seq: 1, By: "ha-duc-thang", At: at}}}
			if unit == "xuan-lac" { // approved revision 1, then corrected: revision 2 is submitted
				rec.Changes[0].Seq = 0
			}
			if err := tx.PutReview(rec); err != nil {
				return err
			}
		}
		return tx.PutReview(&bot.ReviewRecord{Period: "2020-W38", Unit: "yen-my",
			Changes: []bot.StateChange{{State: bot.StateReturned, Seq: 1, By: "ha-duc-thang", At: at, Reason: "thiếu"}}})
	})
	if d.Approved != 2 {
		t.Errorf("approved = %d, want 2", d.Approved)
	}
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		text := digest.Text(d, lang, bot.Weekly)
		golden(t, "digest_approval_"+string(lang)+".golden", text+"\n")
	}
	if vi := digest.Text(d, i18n.VI, bot.Weekly); !strings.Contains(vi, "Đã duyệt 2/20 báo cáo.") {
		t.Errorf("no approved count in:\n%s", vi)
	}
	cfg.Review.Approval = false
	off := build(t, cfg, filings)
	if vi := digest.Text(off, i18n.VI, bot.Weekly); strings.Contains(vi, "Đã duyệt") {
		t.Errorf("approval off, yet:\n%s", vi)
	}
}
