package digest_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/digest"
	"fieldbot/i18n"
	"fieldbot/store"
)

func openStore(t testing.TB, nosync bool) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "bot.db"), store.Options{NoSync: nosync})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func put(t testing.TB, tx bot.Tx, period, unit, member string, at time.Time, vals map[string]float64, texts map[string]string) {
	t.Helper()
	r := &bot.Report{Period: period, Unit: unit, Member: member, Channel: "console", At: at, Values: map[string]bot.Value{}}
	for k, v := range vals {
		r.Values[k] = bot.Value{Num: v}
	}
	for k, v := range texts {
		r.Values[k] = bot.Value{Text: v}
	}
	if err := tx.PutReport(r); err != nil {
		t.Fatal(err)
	}
}

// TestBuildCountsSilentUnitsWithTheirLastFigures checks freshness, changes
// since the previous period, notes and unreachable members.
func TestBuildCountsSilentUnitsWithTheirLastFigures(t *testing.T) {
	cfg := config.Demo()
	loc := cfg.Area.Location
	db := openStore(t, true)
	w37 := time.Date(2020, 9, 10, 9, 0, 0, 0, loc)
	w38 := time.Date(2020, 9, 17, 9, 0, 0, 0, loc)
	err := db.Update(context.Background(), func(tx bot.Tx) error {
		put(t, tx, "2020-W37", "ban-thi", "hoang-thi-binh", w37, map[string]float64{"households_escaped": 10, "p135_infra_disbursed": 300}, nil)
		put(t, tx, "2020-W37", "xuan-lac", "hoang-thi-binh", w37, map[string]float64{"households_escaped": 5}, nil)
		put(t, tx, "2020-W38", "ban-thi", "hoang-thi-binh", w38, map[string]float64{"households_escaped": 12, "p135_infra_disbursed": 350},
			map[string]string{"difficulties": "Thiếu xi măng"})
		put(t, tx, "2020-W38", "ban-thi", "hoang-thi-binh", w38.Add(time.Hour), map[string]float64{"households_escaped": 13, "p135_infra_disbursed": 350},
			map[string]string{"difficulties": "Thiếu xi măng", "proposals": "Cấp thêm vốn"})
		if err := tx.PutIdentity(bot.Identity{Channel: "telegram", UserID: "42", Member: "ma-van-cuong"}); err != nil {
			return err
		}
		out := &bot.Outgoing{Chat: bot.ChatRef{Channel: "telegram", ChatID: "42"}, Text: "x", Created: w38}
		if _, err := tx.Enqueue(out); err != nil {
			return err
		}
		return tx.DeadLetter(out.ID, bot.ReasonBlocked, "Forbidden: bot was blocked by the user", w38)
	})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := cfg.Period.ParsePeriod("2020-W38", loc)
	var d *digest.Digest
	if err := db.View(context.Background(), func(tx bot.Tx) error {
		d, err = digest.Build(tx, cfg, p, w38.AddDate(0, 0, 4))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if d.Reported != 1 {
		t.Errorf("reported = %d, want 1", d.Reported)
	}
	hh := d.Headline[0]
	if hh.Value != 18 || hh.Prev != 15 || hh.Target != 301 {
		t.Errorf("households = %v (prev %v) / %v, want 18 (15) / 301: the silent unit counts with its last figure", hh.Value, hh.Prev, hh.Target)
	}
	var xuan digest.UnitRow
	for _, u := range d.Units {
		if u.Code == "xuan-lac" {
			xuan = u
		}
	}
	if xuan.Reported || !xuan.HasData || !xuan.AsOf.Equal(w37) {
		t.Errorf("xuan-lac row = %+v", xuan)
	}
	if len(d.Notes) != 2 || d.Notes[0].Text != "Thiếu xi măng" && d.Notes[0].Text != "Cấp thêm vốn" {
		t.Errorf("notes = %+v", d.Notes)
	}
	if len(d.Unreachable) != 1 || d.Unreachable[0].Member != "Ma Văn Cường" || d.Unreachable[0].Reason != bot.ReasonBlocked {
		t.Errorf("unreachable = %+v", d.Unreachable)
	}
	text := digest.Text(d, i18n.VI, cfg.Period.Kind)
	for _, want := range []string{
		"1/20 xã, thị trấn đã báo cáo",
		"• Xã Xuân Lạc — phụ trách: Hoàng Thị Bình; đang dùng số liệu ngày 10/09/2020",
		"• Xã Bằng Phúc — phụ trách: Ma Văn Cường; chưa có số liệu",
		"18/301 hộ, đạt 6,0% (tăng 3 hộ so với kỳ trước)",
		"350,0/11.041,0 triệu đồng (3,2%); tăng 50,0 triệu đồng so với kỳ trước",
		"• Xã Bản Thi (17/09) — Đề xuất, kiến nghị: “Cấp thêm vốn”",
		"Không gửi được tin nhắn tới:\n• Ma Văn Cường (Telegram): đã chặn bot",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
}
