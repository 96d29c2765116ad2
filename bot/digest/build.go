package digest

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"fieldbot/bot"
)

// Build computes the digest of period p from the store: each unit counts with
// its latest report up to the end of p (this period's, or the last one before
// it, marked with its date), and the previous period is computed the same way
// for the changes.
func Build(tx bot.Tx, cfg *bot.Config, p bot.Period, now time.Time) (*Digest, error) {
	prev := cfg.Period.Prev(p)
	cur, err := latestByUnit(tx, cfg, p.Key)
	if err != nil {
		return nil, err
	}
	before, err := latestByUnit(tx, cfg, prev.Key)
	if err != nil {
		return nil, err
	}
	d := &Digest{Area: cfg.Area.Name, Program: cfg.Area.Program, Demo: cfg.Area.Demo,
		Period: p, Prev: prev, Built: now, UnitWord: cfg.Digest.UnitWord, StaleAfter: cfg.Digest.StaleAfter,
		Members: cfg.Members}
	if d.StaleAfter <= 0 {
		d.StaleAfter = DefaultStaleAfter
	}
	d.Units = unitRows(cfg, cur, p.Key)
	for _, u := range d.Units {
		if u.Reported {
			d.Reported++
			if u.Late {
				d.Late++
			}
		}
		if u.HasData {
			d.WithData++
		}
	}
	if cfg.Review.Approval {
		d.Approval = true
		if d.Approved, _, err = bot.ApprovedCount(tx, p.Key); err != nil {
			return nil, fmt.Errorf("digest: approvals: %w", err)
		}
	}
	totals := sums(cfg, cur, before)
	inItem := map[string]bool{}
	for _, it := range cfg.Items {
		total := ItemTotal{ID: it.ID, Label: it.Label}
		for _, id := range it.Fields {
			inItem[id] = true
			if t, ok := totals[id]; ok {
				total.Fields = append(total.Fields, *t)
			}
		}
		d.Items = append(d.Items, total)
	}
	for _, f := range cfg.Form.Fields {
		if f.Target && f.Type.Numeric() && !inItem[f.ID] {
			d.Headline = append(d.Headline, *totals[f.ID])
		}
	}
	rates(d, cfg)
	d.Ratings = ratings(cfg, cur, p.Key)
	d.Checks = checks(cfg, d.Units, before, p, d.StaleAfter)
	d.Notes = notes(cfg, cur, p.Key)
	d.Fields = cfg.Form.Fields
	if d.Unreachable, err = unreachable(tx, cfg, p); err != nil {
		return nil, err
	}
	if d.Forecasts, err = forecasts(tx, cfg, d, cur, before); err != nil {
		return nil, err
	}
	return d, nil
}

// latestByUnit returns each unit's newest report up to the end of period:
// one range read of the period, and one index seek per unit that did not
// report in it.
func latestByUnit(tx bot.ReportTx, cfg *bot.Config, period string) (map[string]*bot.Report, error) {
	reports, err := tx.PeriodReports(period)
	if err != nil {
		return nil, fmt.Errorf("digest: read %s: %w", period, err)
	}
	out := make(map[string]*bot.Report, len(cfg.Units))
	for i := range reports {
		out[reports[i].Unit] = &reports[i]
	}
	for _, u := range cfg.Units {
		if out[u.Code] != nil {
			continue
		}
		r, err := tx.PreviousReport(u.Code, period)
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("digest: last report of %s: %w", u.Code, err)
		}
		out[u.Code] = r
	}
	return out, nil
}

// unitRows lays out every unit with the figures it counts with.
func unitRows(cfg *bot.Config, cur map[string]*bot.Report, period string) []UnitRow {
	members := map[string][]string{}
	for _, m := range cfg.Members {
		for _, u := range m.Units {
			members[u] = append(members[u], m.Name)
		}
	}
	rows := make([]UnitRow, len(cfg.Units))
	for i, u := range cfg.Units {
		row := UnitRow{Code: u.Code, Name: u.Name, Members: members[u.Code], Targets: u.Targets,
			Values: map[string]float64{}, DisbursementRate: -1, HeadlineRate: -1}
		if r := cur[u.Code]; r != nil {
			row.HasData, row.Reported, row.AsOf, row.Seq, row.Late = true, r.Period == period, r.At, r.Seq, r.Late
			row.Period = r.Period
			row.Member = r.Member
			row.Answers = r.Values
			if m, ok := cfg.Member(r.Member); ok {
				row.Member = m.Name
			}
			for id, v := range r.Values {
				if f, _, ok := cfg.Form.Field(id); ok && f.Type.Numeric() {
					row.Values[id] = v.Num
				}
			}
		}
		rows[i] = row
	}
	return rows
}

// sums totals every numeric field over units, now and at the end of the
// previous period, in one pass over each unit's values (ten thousand units
// make per-field lookups in every unit's map the slow way).
func sums(cfg *bot.Config, cur, before map[string]*bot.Report) map[string]*Total {
	out := map[string]*Total{}
	targets := map[string]*Total{}
	for _, f := range cfg.Form.Fields {
		if f.Type.Numeric() {
			out[f.ID] = &Total{Field: f.ID, Type: f.Type, Label: f.Label, Unit: f.Unit}
			if f.Target {
				targets[f.ID] = out[f.ID]
			}
		}
	}
	for _, u := range cfg.Units {
		for id, v := range u.Targets {
			if t, ok := out[id]; ok && v > 0 {
				t.planned = true
			}
		}
	}
	for _, u := range cfg.Units {
		for id, v := range u.Targets {
			if t, ok := targets[id]; ok {
				t.Target += v
			}
		}
		if r := cur[u.Code]; r != nil {
			for id, v := range r.Values {
				if t, ok := out[id]; ok {
					t.Value += v.Num
				}
			}
		}
		cover(out, u, cur[u.Code])
		if r := before[u.Code]; r != nil {
			for id, v := range r.Values {
				if t, ok := out[id]; ok {
					t.Prev += v.Num
					t.PrevKnown = true
				}
			}
		}
	}
	return out
}

// cover counts unit u in the Units of each total it concerns, and in
// Covered when its report r has the figure. Units without a target for a
// field are not concerned when some unit has one.
func cover(out map[string]*Total, u bot.Unit, r *bot.Report) {
	for id, t := range out {
		if u.Targets[id] <= 0 && t.planned {
			continue
		}
		t.Units++
		if r != nil {
			if _, ok := r.Values[id]; ok {
				t.Covered++
			}
		}
	}
}

// rates computes each unit's disbursement rate (the money fields with a
// plan it has figures for) and headline rate (the first headline field).
func rates(d *Digest, cfg *bot.Config) {
	for i := range d.Units {
		u := &d.Units[i]
		var done, plan float64
		for _, f := range cfg.Form.Fields {
			v, ok := u.Values[f.ID]
			if f.Type != bot.FieldMoney || !f.Target || u.Targets[f.ID] <= 0 {
				continue
			}
			u.Planned = true
			if ok {
				done += v
				plan += u.Targets[f.ID]
			}
		}
		// No figures, no rate: a unit that did not report is never ranked
		// as 0 %.
		if plan > 0 {
			u.DisbursementRate = done / plan * 100
		}
		if len(d.Headline) > 0 {
			h := d.Headline[0].Field
			if _, ok := u.Values[h]; ok && u.Targets[h] > 0 {
				u.HeadlineRate = u.Values[h] / u.Targets[h] * 100
			}
		}
	}
}

// notes quotes the text answers of this period's reports, newest first.
func notes(cfg *bot.Config, cur map[string]*bot.Report, period string) []Note {
	nothing := cfg.Digest.Nothing
	if nothing == nil {
		nothing = DefaultNothing
	}
	var out []Note
	for _, u := range cfg.Units {
		r := cur[u.Code]
		if r == nil || r.Period != period {
			continue
		}
		for _, f := range cfg.Form.Fields {
			if v, ok := r.Values[f.ID]; ok && f.Type == bot.FieldText && !nothingToReport(v.Text, nothing) {
				out = append(out, Note{Unit: u.Code, Field: f.ID, Label: f.Label, Text: v.Text, At: r.At, Member: r.Member})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out
}

// deadTx reads the dead letters and the accounts they were for.
type deadTx interface {
	bot.OutboxTx
	bot.IdentityTx
}

// unreachable lists this period's dead letters, naming the member where the
// chat is bound to one.
func unreachable(tx deadTx, cfg *bot.Config, p bot.Period) ([]Unreachable, error) {
	dead, err := tx.DeadLetters(p.Start)
	if err != nil {
		return nil, fmt.Errorf("digest: dead letters: %w", err)
	}
	var out []Unreachable
	seen := map[string]bool{}
	for _, dl := range dead {
		if !dl.At.Before(p.End) {
			continue
		}
		who := dl.Out.Chat.Key()
		if id, err := tx.Identity(dl.Out.Chat.Channel, dl.Out.Recipient()); err == nil {
			if m, ok := cfg.Member(id.Member); ok {
				who = m.Name
			}
		}
		if seen[who+"/"+dl.Out.Chat.Channel] { // once per member and channel
			continue
		}
		seen[who+"/"+dl.Out.Chat.Channel] = true
		out = append(out, Unreachable{Member: who, Channel: dl.Out.Chat.Channel, Reason: dl.Cause, At: dl.At})
	}
	return out, nil
}
