package bot_test

import (
	"context"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// chairDigest is a digest with one file for every reader and one (the
// report to sign) for the chairs only.
var chairDigest = digestFunc(func(p bot.Period, langs []i18n.Lang) (map[i18n.Lang]bot.DigestMessage, error) {
	out := map[i18n.Lang]bot.DigestMessage{}
	for _, l := range langs {
		out[l] = bot.DigestMessage{Text: "TỔNG HỢP " + p.Key,
			Attach:      []bot.Attachment{{Name: "tong-hop.xlsx", Data: []byte("PK")}},
			ChairAttach: []bot.Attachment{{Name: "tong-hop.pdf", Data: []byte("%PDF-")}}}
	}
	return out, nil
})

// TestWeeklyDigestReportForTheChair: the weekly digest gives the chair the
// workbook and the report to sign, and the viewer the workbook alone.
func TestWeeklyDigestReportForTheChair(t *testing.T) {
	h := newDigestHarness(t, testConfig(t), chairDigest)
	if _, err := h.eng.SendDigest(context.Background(), h.eng.PeriodAt(h.now)); err != nil {
		t.Fatal(err)
	}
	h.flush()
	names := func(o bot.Outgoing) []string {
		var out []string
		for _, a := range o.Attach {
			out = append(out, a.Name)
		}
		return out
	}
	if got := names(h.last("chair")); len(got) != 2 || got[0] != "tong-hop.xlsx" || got[1] != "tong-hop.pdf" {
		t.Errorf("the chair got %q, want the workbook and the report", got)
	}
	if got := names(h.last("view")); len(got) != 1 || got[0] != "tong-hop.xlsx" {
		t.Errorf("the viewer got %q, want the workbook alone", got)
	}
}
