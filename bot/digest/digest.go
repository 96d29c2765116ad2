// Package digest builds the weekly digest the leaders read: completeness,
// district totals computed from each unit's latest figures, the laggards,
// difficulties and proposals, freshness and unreachable members, and the
// forecast of each target to 31/12. Build reads the period and the one
// before it, and for the forecast the three before those, each as one range
// read plus one index seek per unit that did not report in it, so its cost
// follows the number of units, not the length of the history. Text renders
// it; the chart and sheet subpackages render the PNG and XLSX attachments.
package digest

import (
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// Digest is everything a digest shows, computed from stored figures.
type Digest struct {
	Area    i18n.Text
	Program i18n.Text
	Demo    bool // the configuration is invented demo data
	Period  bot.Period
	Prev    bot.Period
	Built   time.Time

	// UnitWord names the units as a group ("xã, thị trấn"); empty: the
	// catalog's neutral word.
	UnitWord i18n.Text
	// Members are the active members of the roster the digest was built
	// from (the database's): the official report's signature names its
	// first chair.
	Members  []bot.Member
	Units    []UnitRow // every unit, in configuration order
	Reported int       // units that reported in Period
	WithData int       // units with figures, this period's or older
	// Late is how many of Period's Reported reports were filed late
	// (bot.Report.Late: first filed after the period's deadline).
	Late int
	// Approval is set when reports are reviewed (config review.approval);
	// Approved is then how many of Period's Reported reports are approved.
	Approval bool
	Approved int

	// Headline are the target fields outside any item (households lifted
	// out of poverty), totalled over units.
	Headline []Total
	// Items are the program items (projects), each with its totalled fields.
	Items []ItemTotal
	// Forecasts are what the pace of the last PaceWindow periods means for
	// each target by the end of the year (see Forecast); empty without
	// enough history.
	Forecasts []Forecast

	// Ratings summarise each choice field (the progress rating) over the
	// units that reported in Period.
	Ratings []Rating
	// Checks are the figures to verify: over plan, running totals that
	// fell, stale figures, reported rates that disagree with the figures.
	Checks []Check
	// StaleAfter is how many periods old figures may be before a check.
	StaleAfter int

	// Fields are the report form's questions, in order, for the renderers
	// that show every answer (the workbook's sheet of reported figures).
	Fields []bot.Field

	// Notes are the text answers (difficulties, proposals) of this period's
	// reports, newest first.
	Notes []Note
	// Unreachable lists the messages that could not be delivered this period.
	Unreachable []Unreachable
}

// UnitRow is one unit's figures as the digest counts them.
type UnitRow struct {
	Code    string
	Name    i18n.Text
	Members []string // names of the members responsible
	// Reported is true when the unit reported in the digest's period; when
	// false but HasData, its figures are those of the report dated AsOf.
	Reported bool
	// Late is true when the report used was first filed after its period's
	// deadline (bot.Report.Late).
	Late    bool
	HasData bool
	AsOf    time.Time
	Period  string // key of the period of the report used
	Seq     uint64
	Member  string             // who filed the report used
	Values  map[string]float64 // numeric answers of the report used, by field
	// Answers are every answer of the report used, by field (read only:
	// the store's report).
	Answers map[string]bot.Value
	Targets map[string]float64 // the unit's targets and plans, by field
	// Planned is true when the unit has a plan for some money field.
	Planned bool
	// DisbursementRate is money disbursed over money planned, in percent,
	// over every money field with a plan and a figure; -1 when the unit
	// has no plan or no figures for it (never 0 % for a silent unit).
	DisbursementRate float64
	// HeadlineRate is the first headline field's value over its target, in
	// percent; -1 when the unit has no such target or no figure for it.
	HeadlineRate float64
}

// Total is one field summed over units, with the previous period's sum.
type Total struct {
	Field  string
	Type   bot.FieldType
	Label  i18n.Text
	Unit   i18n.Text // unit word, maybe "one|other"
	Value  float64   // sum of each unit's latest value
	Target float64   // sum of the unit targets (0: none)
	Prev   float64   // the same sum at the end of the previous period
	// Units are the units the total concerns (those with a target for
	// the field, or every unit when none has one); Covered are those of
	// them with figures.
	Units, Covered int
	planned        bool // some unit has a target for the field
	// PrevKnown is false when no unit had figures by the previous period's
	// end, so there is no change to speak of.
	PrevKnown bool
}

// Percent is Value over Target in percent, or -1 without a target.
func (t Total) Percent() float64 {
	if t.Target <= 0 {
		return -1
	}
	return t.Value / t.Target * 100
}

// ItemTotal is a program item with its fields totalled.
type ItemTotal struct {
	ID     string
	Label  i18n.Text
	Fields []Total
}

// Note is one text answer quoted in the digest.
type Note struct {
	Unit   string
	Field  string
	Label  i18n.Text
	Text   string
	At     time.Time
	Member string
}

// Unreachable is a member the bot could not deliver to.
type Unreachable struct {
	Member  string // member name, or the chat when unknown
	Channel string // the channel that refused ("telegram", "zalo")
	Reason  bot.Reason
	At      time.Time
}
