package digest

import (
	"math"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// DefaultStaleAfter is how many periods old a unit's latest figures may be
// before the digest asks to check them: with 2, the weekly digest of week
// 38 flags figures dated before week 36.
const DefaultStaleAfter = 2

// CheckKind is what is odd about a figure.
type CheckKind string

// The kinds of checks, in the order the digest lists them.
const (
	CheckOverPlan CheckKind = "over_plan" // a value above the unit's target or plan
	CheckFell     CheckKind = "fell"      // a running total lower than before
	CheckPercent  CheckKind = "percent"   // a reported rate not what the figures give
	CheckStale    CheckKind = "stale"     // the latest figures are old
)

// Check is one figure the leaders should have verified before relying on it.
type Check struct {
	Kind  CheckKind
	Unit  string // unit code
	Field string // empty for stale figures
	Label i18n.Text
	Type  bot.FieldType
	Word  i18n.Text // the field's unit word
	// Value is the figure; Other is the plan (over plan), the earlier
	// running total (fell) or the computed rate (percent).
	Value, Other float64
	// At is the date of the earlier report (fell) or of the latest (stale).
	At time.Time
}

// eps absorbs float noise when figures are compared.
const eps = 1e-9

// checks lists the figures to verify, kind by kind, units in configuration
// order: values over plan, running totals lower than the unit's report
// before this period, and figures older than staleAfter periods.
func checks(cfg *bot.Config, rows []UnitRow, before map[string]*bot.Report, p bot.Period, staleAfter int) []Check {
	var out []Check
	for _, u := range rows {
		out = append(out, overPlan(cfg, u)...)
	}
	for _, u := range rows {
		if u.Reported {
			out = append(out, fell(cfg, u, before[u.Code])...)
		}
	}
	for _, u := range rows {
		if u.HasData {
			out = append(out, reportedRates(cfg, u)...)
		}
	}
	oldest := p
	for range staleAfter {
		oldest = cfg.Period.Prev(oldest)
	}
	for _, u := range rows {
		if u.HasData && !u.Reported && stale(cfg, u, oldest) {
			out = append(out, Check{Kind: CheckStale, Unit: u.Code, At: u.AsOf})
		}
	}
	return out
}

// check starts a check of unit u's field f.
func check(kind CheckKind, u UnitRow, f *bot.Field, value, other float64) Check {
	return Check{Kind: kind, Unit: u.Code, Field: f.ID, Label: f.Label, Type: f.Type, Word: f.Unit, Value: value, Other: other}
}

// overPlan lists u's values above their target.
func overPlan(cfg *bot.Config, u UnitRow) []Check {
	var out []Check
	for i := range cfg.Form.Fields {
		f := &cfg.Form.Fields[i]
		v, ok := u.Values[f.ID]
		if tgt := u.Targets[f.ID]; f.Target && ok && tgt > 0 && v > tgt+eps {
			out = append(out, check(CheckOverPlan, u, f, v, tgt))
		}
	}
	return out
}

// fell lists u's running totals lower than in its report before.
func fell(cfg *bot.Config, u UnitRow, before *bot.Report) []Check {
	if before == nil {
		return nil
	}
	var out []Check
	for i := range cfg.Form.Fields {
		f := &cfg.Form.Fields[i]
		v, ok := u.Values[f.ID]
		old, had := before.Values[f.ID]
		if f.Cumulative && ok && had && v < old.Num-eps {
			c := check(CheckFell, u, f, v, old.Num)
			c.At = before.At
			out = append(out, c)
		}
	}
	return out
}

// reportedRates lists u's percent answers that are not, to the rounding
// of one decimal, the rate of the field they report on over its target.
func reportedRates(cfg *bot.Config, u UnitRow) []Check {
	var out []Check
	for i := range cfg.Form.Fields {
		f := &cfg.Form.Fields[i]
		v, ok := u.Values[f.ID]
		if f.Type != bot.FieldPercent || f.RateOf == "" || !ok {
			continue
		}
		of, tgt := u.Values[f.RateOf], u.Targets[f.RateOf]
		if tgt <= 0 {
			continue
		}
		if rate := of / tgt * 100; math.Abs(rate-v) >= RateTolerance {
			out = append(out, check(CheckPercent, u, f, v, rate))
		}
	}
	return out
}

// RateTolerance is how far, in percentage points, a reported rate may be
// from the computed one before the digest asks to check it: a member who
// rounds 54,24 % to 54 % is right.
const RateTolerance = 1.0

// stale reports whether u's figures are from before the period oldest.
func stale(cfg *bot.Config, u UnitRow, oldest bot.Period) bool {
	if p, err := cfg.Period.ParsePeriod(u.Period, oldest.Start.Location()); err == nil {
		return p.Start.Before(oldest.Start)
	}
	return u.AsOf.Before(oldest.Start)
}
