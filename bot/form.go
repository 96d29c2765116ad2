package bot

import "fieldbot/i18n"

// FieldType is the kind of answer a form field takes.
type FieldType string

// The field types, in the spirit of XLSForm.
const (
	FieldInteger FieldType = "integer"
	FieldDecimal FieldType = "decimal"
	FieldMoney   FieldType = "money"
	FieldPercent FieldType = "percent"
	FieldText    FieldType = "text"
	FieldSelect  FieldType = "choice"
	FieldYesNo   FieldType = "yesno"
	FieldDate    FieldType = "date"
	FieldPhoto   FieldType = "photo"
	// FieldLocation is a place: a location shared on Telegram, or typed
	// coordinates ("22,15123; 105,61234") on any channel.
	FieldLocation FieldType = "location"
)

// Numeric reports whether answers of this type are numbers.
func (t FieldType) Numeric() bool {
	switch t {
	case FieldInteger, FieldDecimal, FieldMoney, FieldPercent:
		return true
	}
	return false
}

// Form is the ordered list of questions of a report.
type Form struct {
	Fields []Field
}

// Field is one question of the report form.
type Field struct {
	ID       string
	Type     FieldType
	Label    i18n.Text
	Help     i18n.Text
	Unit     i18n.Text // what the number counts: "hộ", "công trình", "triệu đồng"
	Required bool
	Min, Max *float64
	// Scale is, for money, how many đồng one unit of the field is (1e6 for
	// "triệu đồng"), so "1,5 tỷ" can be read as 1500.
	Scale   float64
	Choices []FieldChoice
	// Cumulative fields carry a running total; a value lower than the unit's
	// previous report is a warning at review.
	Cumulative bool
	// Target: the unit's Targets[ID] is this field's target or plan; review shows
	// the ratio, and a value above it is a warning.
	Target bool
	// OnlyWithTarget fields are asked only of units that have a target for
	// them (Project 3 exists only in communes outside Program 135).
	OnlyWithTarget bool
	// RateOf, for a percent field, is the field whose value over its target
	// the member reports as this rate; the digest checks that they agree.
	RateOf string
	// MaxLen bounds text answers (runes); 0 means the default.
	MaxLen int
	// Code is the field's short code in a quick entry ("/bc ban-thi hn 15");
	// empty: one derived from the ID (see Form.QuickCodes).
	Code string
}

// FieldChoice is one option of a choice field.
type FieldChoice struct {
	ID    string
	Label i18n.Text
}

// Field returns the field with id.
func (f *Form) Field(id string) (*Field, int, bool) {
	for i := range f.Fields {
		if f.Fields[i].ID == id {
			return &f.Fields[i], i, true
		}
	}
	return nil, -1, false
}
