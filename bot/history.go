package bot

import (
	"errors"
	"fmt"
	"strings"

	"fieldbot/i18n"
)

// History (issue 10 item 2): /lichsu UNIT [PERIOD] lists a unit's revisions
// of a period, or of the last HistoryPeriods periods: who filed each, when,
// on which channel, and what it changed from the revision before; with
// approval on, the review steps under the revision they were made on. The
// command line's `fieldbot history` prints the same text.

// HistoryPeriods is how many periods, the current one included, /lichsu
// shows when no period is named.
const HistoryPeriods = 4

// historyMaxRevisions is how many of a period's revisions are shown, the
// newest; older ones are counted in one line, so the text fits a phone.
const historyMaxRevisions = 8

// historyMaxText is how many characters of a text answer a change shows.
const historyMaxText = 60

// History renders a unit's history over periods (oldest first) in p's
// language, reading through tx; with cfg.Review.Approval, each revision's
// review steps and the state of the latest follow it.
func History(tx Tx, cfg *Config, p *i18n.Printer, unit string, periods []Period) (string, error) {
	v := view{cfg: cfg, p: p, tx: tx, loc: cfg.Area.Location}
	return v.history(tx, unit, periods)
}

// HistoryRange is the periods /lichsu shows: the one named by key, or,
// with key empty, the HistoryPeriods up to the one at now. A key that is
// not a period of the configured kind is an i18n error naming it.
func (c *Config) HistoryRange(key string, cur Period) ([]Period, error) {
	if key != "" {
		per, err := c.Period.ParsePeriod(strings.ToUpper(strings.TrimSpace(key)), c.Area.Location)
		if err != nil {
			return nil, i18n.Errorf("history.bad_period", "value", key, "example", cur.Key)
		}
		return []Period{per}, nil
	}
	out := []Period{cur}
	for len(out) < HistoryPeriods {
		out = append([]Period{c.Period.Prev(out[0])}, out...)
	}
	return out, nil
}

// history is History for the view's reader; tx reads the review records.
func (v view) history(tx ReviewTx, unit string, periods []Period) (string, error) {
	lines := []string{v.p.T("history.title", "unit", v.unitName(unit))}
	found := false
	for _, per := range periods {
		revs, err := v.tx.Revisions(per.Key, unit)
		if err != nil {
			return "", fmt.Errorf("bot: history %s/%s: %w", per.Key, unit, err)
		}
		if len(revs) == 0 {
			continue
		}
		found = true
		var rec *ReviewRecord
		if v.cfg.Review.Approval {
			rec, err = tx.Review(per.Key, unit)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return "", fmt.Errorf("bot: history %s/%s: %w", per.Key, unit, err)
			}
		}
		lines = append(lines, "", v.p.T("history.period", "period", v.periodLabel(per)))
		from := max(0, len(revs)-historyMaxRevisions)
		if from > 0 {
			lines = append(lines, v.p.Plural("history.older", from))
		}
		for i := from; i < len(revs); i++ {
			var prev *Report
			if i > 0 {
				prev = &revs[i-1]
			}
			lines = append(lines, v.revisionLines(&revs[i], prev)...)
			lines = append(lines, v.stateLines(rec, revs[i].Seq)...)
		}
		if rec != nil {
			last := &revs[len(revs)-1]
			lines = append(lines, v.p.T("history.state_now", "state", v.p.T(rec.StateOf(last.Seq).LabelKey())))
		}
	}
	if !found {
		if len(periods) == 1 {
			return v.p.T("history.none_period", "unit", v.unitName(unit), "period", v.periodLabel(periods[0])), nil
		}
		return v.p.Plural("history.none", len(periods), "unit", v.unitName(unit)), nil
	}
	return strings.Join(lines, "\n"), nil
}

// revisionHead is a revision's first line: its number, who filed it,
// when, on which channel, and "(nộp muộn)" when it is late.
func (v view) revisionHead(r *Report, who string) string {
	key := "history.revision"
	if r.Late {
		key = "history.revision_late"
	}
	return v.p.T(key, "seq", r.Seq, "member", who, "time", v.dateTime(r.At), "channel", ChannelName(v.p, r.Channel))
}

// revisionLines are one revision's lines: its head, then each change from
// prev (nil: the first revision of its period).
func (v view) revisionLines(r, prev *Report) []string {
	who := r.Member
	if m, ok := v.cfg.Member(r.Member); ok {
		who = m.Name
	}
	out := []string{v.revisionHead(r, who)}
	if prev == nil {
		return append(out, v.p.Plural("history.first", len(r.Values)))
	}
	ids := v.cfg.Form.Diff(prev.Values, r.Values)
	if len(ids) == 0 {
		return append(out, v.p.T("history.no_change"))
	}
	for _, id := range ids {
		f, _, ok := v.cfg.Form.Field(id)
		if !ok {
			continue
		}
		old, had := prev.Values[id]
		cur, has := r.Values[id]
		out = append(out, v.p.T("history.change", "field", f.Label.In(v.p.Lang()),
			"old", v.shortAnswer(f, old, had), "new", v.shortAnswer(f, cur, has)))
	}
	return out
}

// shortAnswer is an answer for a line of changes: at most historyMaxText
// characters of it, or that there was none.
func (v view) shortAnswer(f *Field, val Value, ok bool) string {
	if !ok {
		return v.p.T("review.skipped")
	}
	s := v.formatValue(f, val)
	if r := []rune(s); len(r) > historyMaxText {
		s = string(r[:historyMaxText-1]) + "…"
	}
	return s
}

// stateLines are the review steps made on revision seq.
func (v view) stateLines(rec *ReviewRecord, seq uint64) []string {
	if rec == nil {
		return nil
	}
	var out []string
	for _, c := range rec.Changes {
		if c.Seq != seq {
			continue
		}
		who := c.By
		if m, ok := v.cfg.Member(c.By); ok {
			who = m.Name
		}
		line := v.p.T("history.state", "state", v.p.T(c.State.LabelKey()), "member", who, "time", v.dateTime(c.At))
		if c.Reason != "" {
			line += "\n" + v.p.T("history.reason", "reason", c.Reason)
		}
		out = append(out, line)
	}
	return out
}

// historyCommand answers /lichsu UNIT [PERIOD]: members see their own
// units only; the roles that see every unit's status (and viewers, who
// read the digest of every unit anyway) see any unit's.
func (t *turn) historyCommand(arg string) error {
	if !t.member.Can(ActHistory) {
		t.say(t.p.T("history.not_allowed"))
		return nil
	}
	unitArg, per, named, err := t.unitPeriodArg(arg)
	if err != nil {
		t.say(UserMessage(t.p, err))
		return nil
	}
	if unitArg == "" {
		if len(t.member.Units) != 1 || t.member.Can(ActHistoryAll) {
			t.say(t.p.T("history.usage", "example", t.historyExample()))
			return nil
		}
		unitArg = t.member.Units[0]
	}
	code := t.e.cfg.unitByKey(unitArg)
	if code == "" {
		t.say(t.p.T("history.unit_unknown", "unit", unitArg) + "\n" + t.p.T("history.usage", "example", t.historyExample()))
		return nil
	}
	if !t.member.Can(ActHistoryAll) && !t.member.Assigned(code) {
		t.say(t.p.T("history.unit_not_yours", "unit", t.view().unitName(code)))
		return nil
	}
	periods := []Period{per}
	if !named {
		if periods, err = t.e.cfg.HistoryRange("", t.period()); err != nil {
			return err
		}
	}
	text, err := t.view().history(t.tx, code, periods)
	if err != nil {
		return err
	}
	t.say(text)
	return nil
}

// historyExample is a /lichsu line for the help: the member's first unit
// (or the first configured one) and the current period, named as
// /baocao names one ("tuan 38").
func (t *turn) historyExample() string {
	code := ""
	if len(t.member.Units) > 0 {
		code = t.member.Units[0]
	} else if len(t.e.cfg.Units) > 0 {
		code = t.e.cfg.Units[0].Code
	}
	return t.p.T("cmd.history") + " " + code + " " + t.view().periodArgText(t.period(), t.now)
}

// unitPeriodArg splits the argument of /lichsu and /xem into the unit as
// typed and the period named before or after it, in any form the other
// commands take ("Bản Thi tuần 38", "ban-thi 2020-W38", "tuan 38"). A
// period key that is not one (2020-W99) or a period word that names none
// is an *i18n.Error naming it.
func (t *turn) unitPeriodArg(arg string) (unit string, per Period, named bool, err error) {
	if unit, key := splitUnitPeriod(arg); key != "" {
		ps, err := t.e.cfg.HistoryRange(key, t.period())
		if err != nil {
			return unit, Period{}, true, err
		}
		return unit, ps[0], true, nil
	}
	words := strings.Fields(arg)
	per, rest, named, err := t.e.cutPeriod(arg, t.now)
	if !named {
		return strings.Join(words, " "), Period{}, false, nil
	}
	rest = strings.Join(strings.Fields(rest), " ")
	unit = rest
	// Give the unit back as typed (accents and case), not folded.
	for n := 0; n <= len(words); n++ {
		if head := strings.Join(words[:len(words)-n], " "); i18n.Fold(head) == rest {
			unit = head
			break
		}
		if tail := strings.Join(words[n:], " "); i18n.Fold(tail) == rest {
			unit = tail
			break
		}
	}
	return unit, per, true, err
}

// splitUnitPeriod splits "Bản Thi 2020-W38" into the unit as typed and a
// trailing period key, when the last word looks like one (it starts with
// a digit: "2020-W38", "2020-09").
func splitUnitPeriod(arg string) (unit, period string) {
	words := strings.Fields(arg)
	if n := len(words); n > 0 {
		if last := words[n-1]; last[0] >= '0' && last[0] <= '9' && strings.Contains(last, "-") {
			return strings.Join(words[:n-1], " "), last
		}
	}
	return strings.Join(words, " "), ""
}
