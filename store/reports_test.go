package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"fieldbot/bot"
)

// report is a test report whose "v" value records which put it came from.
func report(period, unit string, v float64) *bot.Report {
	return &bot.Report{
		Period: period, Unit: unit, Member: "lan", Channel: "console",
		At:     time.Date(2020, 9, 14, 8, 0, 0, 0, time.UTC),
		Values: map[string]bot.Value{"v": {Num: v}},
	}
}

func putReports(t *testing.T, db *DB, rs ...*bot.Report) {
	t.Helper()
	update(t, db, func(tx bot.Tx) error {
		for _, r := range rs {
			if err := tx.PutReport(r); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestRevisionsKeptInOrder(t *testing.T) {
	db := openTest(t)
	const n = 260 // past 255, where decimal or one-byte seqs would sort wrong
	for i := 1; i <= n; i++ {
		r := report("2020-W38", "bang", float64(i))
		r.Seq = 99 // ignored
		putReports(t, db, r)
		if r.Seq != uint64(i) {
			t.Fatalf("put %d: Seq = %d", i, r.Seq)
		}
	}
	putReports(t, db, report("2020-W38", "bang-lung", -1), report("2020-W39", "bang", -2))
	view(t, db, func(tx bot.Tx) error {
		revs, err := tx.Revisions("2020-W38", "bang")
		if err != nil || len(revs) != n {
			t.Fatalf("Revisions = %d revisions, %v; want %d", len(revs), err, n)
		}
		for i, r := range revs {
			if r.Seq != uint64(i+1) || r.Values["v"].Num != float64(i+1) || r.Unit != "bang" {
				t.Fatalf("revision %d = seq %d value %v unit %s", i+1, r.Seq, r.Values["v"], r.Unit)
			}
		}
		latest, err := tx.LatestReport("2020-W38", "bang")
		if err != nil || latest.Seq != n || latest.Values["v"].Num != n {
			t.Errorf("LatestReport = %+v, %v; want seq %d", latest, err, n)
		}
		for _, seq := range []uint64{1, 256, n} {
			if r, err := tx.Revision("2020-W38", "bang", seq); err != nil || r.Seq != seq || r.Values["v"].Num != float64(seq) || r.Unit != "bang" {
				t.Errorf("Revision(%d) = %+v, %v", seq, r, err)
			}
		}
		for _, c := range []struct {
			period, unit string
			seq          uint64
		}{{"2020-W38", "bang", 0}, {"2020-W38", "bang", n + 1}, {"2020-W38", "ban", 1}, {"2020-W37", "bang", 1}} {
			if r, err := tx.Revision(c.period, c.unit, c.seq); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("Revision(%s, %s, %d) = %+v, %v; want not found", c.period, c.unit, c.seq, r, err)
			}
		}
		if _, err := tx.Revision("2020/W38", "bang", 1); err == nil || errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Revision of a period with a slash: %v; want a refusal", err)
		}
		return nil
	})
}

func TestReportRoundTrip(t *testing.T) {
	db := openTest(t)
	want := report("2020-09", "bang-lung", 3)
	want.Values["note"] = bot.Value{Text: "mưa nhiều"}
	want.Changed = []string{"v", "note"}
	putReports(t, db, want)
	view(t, db, func(tx bot.Tx) error {
		got, err := tx.LatestReport("2020-09", "bang-lung")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("LatestReport = %+v, %v\nwant %+v", got, err, want)
		}
		return nil
	})
}

func TestReportNotFound(t *testing.T) {
	db := openTest(t)
	putReports(t, db, report("2020-W38", "bang", 1))
	view(t, db, func(tx bot.Tx) error {
		for _, pu := range [][2]string{{"2020-W38", "ban"}, {"2020-W38", "bang-lung"}, {"2020-W37", "bang"}} {
			if _, err := tx.LatestReport(pu[0], pu[1]); !errors.Is(err, bot.ErrNotFound) {
				t.Errorf("LatestReport(%s, %s) = %v, want ErrNotFound", pu[0], pu[1], err)
			}
			if revs, err := tx.Revisions(pu[0], pu[1]); len(revs) != 0 || err != nil {
				t.Errorf("Revisions(%s, %s) = %v, %v; want none", pu[0], pu[1], revs, err)
			}
		}
		if _, err := tx.LatestReport("2020-W38", "a/b"); err == nil || errors.Is(err, bot.ErrNotFound) {
			t.Errorf("LatestReport with a unit holding / = %v, want a key error", err)
		}
		return nil
	})
	update(t, db, func(tx bot.Tx) error {
		if err := tx.PutReport(report("2020/W38", "bang", 1)); err == nil {
			t.Error("PutReport with a period holding / succeeded")
		}
		return nil
	})
}

func TestPeriodReports(t *testing.T) {
	db := openTest(t)
	putReports(t, db,
		report("2020-W37", "bang", 1),
		report("2020-W38", "dong", 2),
		report("2020-W38", "bang", 3),
		report("2020-W38", "bang", 4), // second revision: only it is listed
		report("2020-W39", "bang", 5),
		report("2020-W38-extra", "x", 6), // not a real period; shares a text prefix
	)
	view(t, db, func(tx bot.Tx) error {
		rs, err := tx.PeriodReports("2020-W38")
		var got []string
		for _, r := range rs {
			got = append(got, fmt.Sprintf("%s/%s#%d=%v", r.Period, r.Unit, r.Seq, r.Values["v"].Num))
		}
		want := []string{"2020-W38/bang#2=4", "2020-W38/dong#1=2"}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("PeriodReports = %v, %v; want %v", got, err, want)
		}
		if rs, err := tx.PeriodReports("2020-W40"); len(rs) != 0 || err != nil {
			t.Errorf("PeriodReports of an empty period = %v, %v", rs, err)
		}
		return nil
	})
}

func TestPreviousReport(t *testing.T) {
	db := openTest(t)
	putReports(t, db,
		report("2020-W09", "u", 9),
		report("2020-W10", "u", 10),
		report("2020-W10", "u", 11), // correction: revision 2
		report("2021-W01", "u", 101),
		report("2020-W05", "u-x", 5), // "u-x/" sorts before "u/"
		report("2019-W50", "v", 50),  // the last key of the index
		report("2025-W01", "t", 1),   // "t/" sorts before "u/"
	)
	tests := []struct {
		unit, period string
		want         float64 // 0: ErrNotFound
	}{
		{"u", "2020-W01", 0},
		{"u", "2020-W09", 0},
		{"u", "2020-W10", 9},
		{"u", "2020-W11", 11},
		{"u", "2021-W01", 11},
		{"u", "2021-W02", 101},
		{"u", "2099-W52", 101},
		{"u-x", "2020-W09", 5},
		{"u-x", "2020-W05", 0},
		{"v", "2030-W01", 50},
		{"t", "2025-W01", 0},
		{"nobody", "2021-W01", 0},
	}
	view(t, db, func(tx bot.Tx) error {
		for _, tt := range tests {
			r, err := tx.PreviousReport(tt.unit, tt.period)
			switch {
			case tt.want == 0 && !errors.Is(err, bot.ErrNotFound):
				t.Errorf("PreviousReport(%s, %s) = %+v, %v; want ErrNotFound", tt.unit, tt.period, r, err)
			case tt.want != 0 && (err != nil || r.Values["v"].Num != tt.want || r.Unit != tt.unit):
				t.Errorf("PreviousReport(%s, %s) = %+v, %v; want value %v", tt.unit, tt.period, r, err, tt.want)
			}
		}
		return nil
	})
}
