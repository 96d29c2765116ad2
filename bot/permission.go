package bot

// Action is something a role may or may not do: a command it may use, or a
// scheduled message it receives.
type Action int

// The actions of the permission table, in the order /trogiup lists them.
const (
	ActReport     Action = iota // file reports on assigned units (/baocao)
	ActStatusOwn                // see the status of one's own units (/trangthai)
	ActStatusAll                // see every unit's status and who is unreachable (/trangthai)
	ActSummary                  // read the digest so far (/tonghop)
	ActInvite                   // make invite codes, list unregistered members (/moi)
	ActRemind                   // receive reminders for units not reported yet
	ActEscalation               // receive the list of units missing their report
	ActDigest                   // receive the periodic digest
	ActAlert                    // be told when the database could not be written for a while
	ActWeb                      // open the office's web page (/web): members see their own units only
	ActLeave                    // set one's own leave (/nghi): reminders pause, a deputy may report
	ActNudge                    // remind the late members now (/nhacngay, the escalation's button)
	ActReopen                   // reopen a locked unit's report for one more revision (/molai)
	ActHistory                  // see a unit's revisions (/lichsu): members their own units only
	ActHistoryAll               // see any unit's revisions (/lichsu), read-only
	ActReview                   // approve or return a report (/xem), when review.approval is on
	ActExport                   // get the workbook of every report (/xuat); viewers too when the configuration allows it
	ActRosterList               // list the roster and who is not registered (/thanhvien)
	ActRoster                   // change the roster: members, assignments, targets (/themtv, /giao, /chitieu...)
	numActions
)

// grant is one row of the permission table: which roles may do an action.
type grant struct {
	member, chair, admin, viewer bool
	// units: the action is about assigned units, so a member without any
	// may not do it whatever the role.
	units bool
	// help is the /trogiup line for the action; "" for what is not a command.
	help string
}

// permissions is who may do what, one row per action and one column per
// role. Every role check reads this table, so /trogiup, the commands and the
// jobs cannot disagree.
var permissions = [numActions]grant{
	//              member chair admin viewer units  help line
	ActReport:     {true, true, true, false, true, "help.report"},
	ActStatusOwn:  {true, true, true, false, false, "help.status"},
	ActStatusAll:  {false, true, true, false, false, ""},
	ActSummary:    {false, true, true, true, false, "help.summary"},
	ActInvite:     {false, false, true, false, false, "help.invite"},
	ActRemind:     {true, true, true, false, true, ""},
	ActEscalation: {false, true, false, false, false, ""},
	ActDigest:     {false, true, false, true, false, ""},
	ActAlert:      {false, false, true, false, false, ""},
	ActWeb:        {true, true, true, true, false, "help.web"},
	ActLeave:      {true, true, true, false, true, "help.leave"},
	ActNudge:      {false, true, true, false, false, "help.nudge"},
	ActReopen:     {false, false, true, false, false, "help.reopen"},
	ActHistory:    {true, true, true, true, false, "help.history"},
	ActHistoryAll: {false, true, true, true, false, ""},
	ActReview:     {false, true, true, false, false, "help.review"},
	ActExport:     {false, false, true, false, false, "help.export"},
	ActRosterList: {false, true, true, false, false, "help.roster_list"},
	ActRoster:     {false, false, true, false, false, "help.roster"},
}

// Can reports whether the role may do a. An unknown role may do nothing.
func (r Role) Can(a Action) bool {
	if a < 0 || a >= numActions {
		return false
	}
	g := permissions[a]
	switch r {
	case RoleMember:
		return g.member
	case RoleChair:
		return g.chair
	case RoleAdmin:
		return g.admin
	case RoleViewer:
		return g.viewer
	}
	return false
}

// Can reports whether m may do a: the role allows it and, for actions on
// assigned units, m has some.
func (m *Member) Can(a Action) bool {
	return m.Role.Can(a) && (!permissions[a].units || len(m.Units) > 0)
}

// may reports whether m may do a here: the table's answer, and for
// ActExport also a viewer when the configuration lets viewers export
// (export: {viewers: true}).
func (e *Engine) may(m *Member, a Action) bool {
	if a == ActExport && m.Role == RoleViewer && e.cfg.Export.Viewers {
		return true
	}
	return m.Can(a)
}
