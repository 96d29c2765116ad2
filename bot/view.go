package bot

import (
	"time"

	"fieldbot/i18n"
)

// view renders for one reader without needing an update: the configuration,
// the reader's printer, the transaction to read reports from and the area's
// time zone. Turns render through it, and so do the scheduled jobs, which
// have no update and so no turn.
type view struct {
	cfg *Config
	p   *i18n.Printer
	tx  ReportTx
	loc *time.Location
	// st reads members' states (their leave), now is the moment viewed
	// from; nil st: no leave is shown.
	st  MemberTx
	now time.Time
	e   *Engine
}

// view is a view for a reader printing with p, reading through tx.
func (e *Engine) view(tx Tx, p *i18n.Printer) view {
	v := view{cfg: e.cfg, p: p, tx: tx, loc: e.cfg.Area.Location, e: e}
	if e.clock != nil && tx != nil {
		v.st, v.now = tx, e.clock.Now()
	}
	return v
}

// view renders in the turn's current language: built on each use, because
// /ngonngu changes the printer in the middle of a turn.
func (t *turn) view() view { return t.e.view(t.tx, t.p) }

// unitName is a unit's name in the view's language.
func (v view) unitName(code string) string {
	if u, ok := v.cfg.Unit(code); ok {
		return u.Name.In(v.p.Lang())
	}
	return code
}

// periodLabel names a period for people: "tuần 38 (14/09–20/09/2020)".
func (v view) periodLabel(per Period) string {
	if v.cfg.Period.Kind == Monthly {
		return v.p.T("period.month", "month", per.Start.Format("01/2006"))
	}
	_, w := per.Start.ISOWeek()
	return v.p.T("period.week", "week", w, "from", v.p.DayMonth(per.Start), "to", v.p.Date(per.LastDay()))
}

// dateTime writes an instant in the area's time zone: "16/09/2020 09:00".
func (v view) dateTime(at time.Time) string { return v.p.DateTime(at.In(v.loc)) }
