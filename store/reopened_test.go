package store

import (
	"errors"
	"testing"
	"time"

	"fieldbot/bot"
)

// TestReopeningRoundTrip: a reopening is stored, read back, replaced and
// deleted; a missing one is ErrNotFound; a key part with "/" is refused.
func TestReopeningRoundTrip(t *testing.T) {
	db := openTest(t)
	at := time.Date(2020, 9, 21, 12, 30, 0, 0, time.UTC)
	r := bot.Reopening{Period: "2020-W38", Unit: "ban-thi", By: "office", At: at, Until: at.Add(72 * time.Hour)}
	update(t, db, func(tx bot.Tx) error { return tx.PutReopening(r) })
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.Reopening("2020-W38", "ban-thi")
		if err != nil || got.By != "office" || !got.Until.Equal(r.Until) {
			t.Errorf("Reopening = %+v, %v", got, err)
		}
		if _, err := tx.Reopening("2020-W38", "xuan-lac"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("missing reopening: %v", err)
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error { return tx.DeleteReopening("2020-W38", "ban-thi") })
	view(t, db, func(tx bot.Tx) error {
		if _, err := tx.Reopening("2020-W38", "ban-thi"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
		return nil
	})
	if err := db.Update(t.Context(), func(tx bot.Tx) error {
		return tx.PutReopening(bot.Reopening{Period: "2020/W38", Unit: "ban-thi"})
	}); err == nil {
		t.Error("a period with / was stored")
	}
}

// TestLateSurvivesTheCodec: a late revision reads back late, an on-time
// one not, and a record written before the flag existed reads as not late.
func TestLateSurvivesTheCodec(t *testing.T) {
	at := time.Date(2020, 9, 30, 9, 0, 0, 0, time.UTC)
	for _, late := range []bool{true, false} {
		r := &bot.Report{Period: "2020-W38", Unit: "ban-thi", Seq: 1, Member: "m", Channel: "console", At: at,
			Values: map[string]bot.Value{"households": {Num: 12}}, Changed: []string{"households"}, Late: late}
		var got bot.Report
		if err := decodeReport(encodeReport(r), &got); err != nil || got.Late != late || got.Values["households"].Num != 12 {
			t.Errorf("late %v: decoded %+v, %v", late, got, err)
		}
	}
	old := &bot.Report{Period: "2020-W38", Unit: "ban-thi", Seq: 1, At: at}
	var got bot.Report
	if err := decodeReport(encodeReportV1(old), &got); err != nil || got.Late {
		t.Errorf("a record without flags: %+v, %v", got, err)
	}
}
