package digest

// MaxText is the most the digest text may take, in UTF-16 units as
// Telegram counts them: 3 messages of 4096, so that a leader reads the
// digest on a phone in three messages whatever the number of units.
const MaxText = 3 * 4096

// Limits are how many entries each list of the digest text names; every
// list puts the worst first and says how many more there are (the
// workbook has every unit).
type Limits struct {
	// Missing is how many units that did not report are named.
	Missing int
	// Units is how many units a rating names per choice, and how many
	// members not reached are named.
	Units int
	// Checks is how many figures to check of each kind are listed.
	Checks int
	// Notes is how many difficulties and proposals are quoted, newest
	// first; NoteRunes how long a quote may be before it is cut.
	Notes, NoteRunes int
}

// TextLimits are the limits the text tries in turn: a district's text
// keeps its whole lists with the first; the next ones are used only when
// the text would pass MaxText (a province, or ten thousand units).
var TextLimits = []Limits{
	{Missing: 20, Units: 10, Checks: 5, Notes: 10, NoteRunes: 400},
	{Missing: 10, Units: 5, Checks: 3, Notes: 5, NoteRunes: 240},
	{Missing: 5, Units: 3, Checks: 2, Notes: 3, NoteRunes: 160},
}
