package digest_test

import (
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// TestDigestLateCount: the completeness section says how many of the
// period's reports were filed late (bot.Report.Late), in both languages;
// a late report of an earlier period, used for a silent unit's figures,
// is not counted, and with none late nothing is said.
func TestDigestLateCount(t *testing.T) {
	cfg := config.Demo()
	var filings []filing
	for _, f := range append(lastWeek(), weekOf("2020-W38", nil, answers)...) {
		if f.period == "2020-W38" && f.unit == "yen-my" {
			continue // silent this week: its week-37 report is used
		}
		filings = append(filings, f)
	}
	markLate := func(tx bot.Tx) error {
		for _, k := range [][2]string{{"2020-W38", "ban-thi"}, {"2020-W38", "xuan-lac"}, {"2020-W38", "bang-lung"}, {"2020-W37", "yen-my"}} {
			r, err := tx.LatestReport(k[0], k[1])
			if err != nil {
				return err
			}
			r.Late = true
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	}
	d := buildWith(t, cfg, filings, markLate)
	if d.Late != 3 {
		t.Errorf("late = %d, want 3", d.Late)
	}
	vi, en := digest.Text(d, i18n.VI, bot.Weekly), digest.Text(d, i18n.EN, bot.Weekly)
	if !strings.Contains(vi, "19/20 xã, thị trấn đã báo cáo.\nTrong đó 3 báo cáo nộp muộn (gửi sau hạn nộp).") {
		t.Errorf("no late count in:\n%s", vi)
	}
	if !strings.Contains(en, "3 of them were filed late (after the deadline).") {
		t.Errorf("no late count in:\n%s", en)
	}
	golden(t, "digest_late_vi.golden", vi+"\n")
	golden(t, "digest_late_en.golden", en+"\n")
	if on := digest.Text(build(t, cfg, filings), i18n.VI, bot.Weekly); strings.Contains(on, "nộp muộn") {
		t.Errorf("nothing late, yet:\n%s", on)
	}
}

// TestDigestNoApprovedCountWithoutReports: with approval on and no report
// in the period, the digest does not say "Đã duyệt 0/0 báo cáo".
func TestDigestNoApprovedCountWithoutReports(t *testing.T) {
	cfg := config.Demo()
	cfg.Review.Approval = true
	if vi := digest.Text(build(t, cfg, lastWeek()), i18n.VI, bot.Weekly); strings.Contains(vi, "Đã duyệt") {
		t.Errorf("approved count of no report:\n%s", vi)
	}
}
