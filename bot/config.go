package bot

import (
	"time"

	"fieldbot/i18n"
)

// Role is what a roster member may do.
type Role string

// The roles of DESIGN.md.
const (
	RoleMember Role = "member" // reports on assigned units
	RoleChair  Role = "chair"  // a member who also receives digests and escalations
	RoleAdmin  Role = "admin"  // manages roster, invites and exports
	RoleViewer Role = "viewer" // receives digests only
)

// Config is the whole validated configuration of one deployment: the area,
// its units, the roster, the report form, the period and the schedule.
type Config struct {
	Area     Area
	Units    []Unit
	Members  []Member
	Form     Form
	Items    []Item
	Period   PeriodSpec
	Schedule Schedule
	// Digest tunes how the digest reads the reports (optional).
	Digest DigestSpec
	// Report is the letterhead and signature of the official PDF report
	// (optional: every field has a default).
	Report ReportSpec
	// Review says whether the chair and admins approve or return reports
	// (optional: off).
	Review ReviewSpec
	// Export says who besides the admins may export (optional).
	Export ExportSpec
	// TelegramBot is the configuration's telegram.bot_username (optional):
	// cmd gives it to the Telegram channel, which builds the invite links.
	TelegramBot string

	unitIdx   map[string]int
	memberIdx map[string]int
	// everyone is every member, the deactivated ones too, and inactive
	// their IDs, when some are (WithRoster); Members holds the active ones.
	everyone  []Member
	inactive  map[string]bool
	deputyIdx map[string][]string // member ID → codes of the units they are deputy of
}

// Area is the territory and program the deployment reports on.
type Area struct {
	Name     i18n.Text
	Program  i18n.Text
	Location *time.Location
	// Targets are area-wide totals (e.g. households: 301) that unit targets must add up to.
	Targets map[string]float64
	// Demo marks invented data, so every rendering can say so.
	Demo bool
}

// Unit is a commune or town (xã, thị trấn) that members report on.
type Unit struct {
	Code string // stable, lower-case ASCII, no "/": used in database keys
	Name i18n.Text
	// Targets hold the unit's target or plan for a form field, keyed by field ID
	// (households to lift out of poverty, money planned for a project).
	Targets map[string]float64
	// Deputy is the member (ID) who may report on the unit, and gets its
	// reminders, while every member assigned to it is on leave; "" for none.
	Deputy string `json:"deputy,omitempty"`
}

// Member is one roster entry.
type Member struct {
	ID    string
	Name  string
	Phone string
	Title i18n.Text
	Role  Role
	Lang  i18n.Lang
	Units []string // unit codes assigned to this member
	// Inactive marks a deactivated member: kept on the roster (their
	// reports keep their name) but left out of Config.Members, so their
	// chats get nothing, no reminder or digest, and they cannot report.
	Inactive bool `json:",omitempty"`
}

// Item is a program item the digest totals (a project or sub-project), made of
// form fields: a count of works or projects and the money disbursed.
type Item struct {
	ID     string
	Label  i18n.Text
	Fields []string // form field IDs belonging to the item, in display order
}

// PeriodKind is the length of a reporting period.
type PeriodKind string

// Supported period kinds.
const (
	Weekly  PeriodKind = "weekly"
	Monthly PeriodKind = "monthly"
)

// PeriodSpec says how time is cut into reporting periods and when each is due.
type PeriodSpec struct {
	Kind PeriodKind
	// DeadlineOffset is how long after the period's start the report is due
	// (demo: Friday 17:00 of the ISO week = 4 days 17 hours).
	DeadlineOffset time.Duration
	// CloseOffset is how long after the period's end its reports may still
	// be corrected (and first filed, marked late); then the period is locked.
	// 0: the period locks as it ends.
	CloseOffset time.Duration
	// LateGrace is how many periods back a missing report may still be filed
	// after its period locked, marked late; 0: none.
	LateGrace int
}

// Schedule holds the cron specs of the scheduled jobs, in the area's time zone.
type Schedule struct {
	Reminders  []string
	Escalation string
	Digest     string
	Holidays   []string // dd/mm/yyyy dates on which no reminder is sent
}

// DigestSpec tunes how the digest reads the reports; a zero field takes the
// digest package's default.
type DigestSpec struct {
	// UnitWord names the configured units as a group in the digest ("xã,
	// thị trấn"); empty: the neutral "đơn vị" / "units".
	UnitWord i18n.Text
	// Nothing are the text answers that mean there is nothing to report
	// ("không", "-"), matched without accents, case or end punctuation;
	// nil: digest.DefaultNothing.
	Nothing []string
	// StaleAfter is how many periods old a unit's latest figures may be
	// before the digest asks to check them; 0: digest.DefaultStaleAfter.
	StaleAfter int
}

// ExportSpec is the configuration's export section.
type ExportSpec struct {
	// Viewers may use /xuat too (default: admins only).
	Viewers bool
}

// ReportSpec is what the official report (the PDF in the administrative
// format of Nghị định 30/2020/NĐ-CP) says about who issues and signs it; a
// zero field takes the pdf package's default from the area and the roster.
type ReportSpec struct {
	// Parent is the governing body above the issuer ("UBND HUYỆN CHỢ ĐỒN");
	// nil: the area's name in capitals.
	Parent i18n.Text
	// Issuer is the body that issues the report ("BAN CHỈ ĐẠO CÁC CTMTQG");
	// nil: the catalog's "BAN CHỈ ĐẠO".
	Issuer i18n.Text
	// Symbol follows the number: "Số: …/BC-BCĐ"; empty: "BC-BCĐ".
	Symbol string
	// Place starts the date line ("Chợ Đồn, ngày …"); nil: the area's name
	// before its first comma.
	Place i18n.Text
	// SignerTitle heads the signature block, one line per "\n" ("KT.
	// TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"); nil: the first chair's title.
	SignerTitle i18n.Text
	// Signer is the name under the signature; empty: the first chair's.
	Signer string
	// Recipients are the lines under "Nơi nhận:"; nil: the catalog's
	// archive line ("Lưu: VT.").
	Recipients []i18n.Text
}

// Index builds the lookup tables; config loaders call it once after validation.
func (c *Config) Index() {
	c.unitIdx = make(map[string]int, len(c.Units))
	c.deputyIdx = map[string][]string{}
	for i, u := range c.Units {
		c.unitIdx[u.Code] = i
		if u.Deputy != "" {
			c.deputyIdx[u.Deputy] = append(c.deputyIdx[u.Deputy], u.Code)
		}
	}
	c.memberIdx = make(map[string]int, len(c.Members))
	for i, m := range c.Members {
		c.memberIdx[m.ID] = i
	}
}

// Unit returns the unit with code.
func (c *Config) Unit(code string) (*Unit, bool) {
	i, ok := c.unitIdx[code]
	if !ok {
		return nil, false
	}
	return &c.Units[i], true
}

// Member returns the roster entry with id.
func (c *Config) Member(id string) (*Member, bool) {
	i, ok := c.memberIdx[id]
	if !ok {
		return nil, false
	}
	return &c.Members[i], true
}

// DeputyUnits lists the codes of the units whose deputy is member.
func (c *Config) DeputyUnits(member string) []string { return c.deputyIdx[member] }

// Assigned reports whether unit is one of m's units.
func (m *Member) Assigned(unit string) bool {
	for _, u := range m.Units {
		if u == unit {
			return true
		}
	}
	return false
}
