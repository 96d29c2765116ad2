package bot

// NavRow is a row of the navigation table, as the external tests see it.
type NavRow struct {
	Cmd          string
	Slash, Words []string
	Code         string
}

// NavRows returns the navigation table, so tests can try every spelling.
func NavRows() []NavRow {
	out := make([]NavRow, len(navTable))
	for i, r := range navTable {
		out[i] = NavRow{Cmd: r.cmd, Slash: r.slash, Words: r.words, Code: r.code}
	}
	return out
}

// Actions lists every action of the permission table.
func Actions() []Action {
	out := make([]Action, numActions)
	for i := range out {
		out[i] = Action(i)
	}
	return out
}

// HelpKey is the /trogiup line of an action; "" when it is not a command.
func HelpKey(a Action) string { return permissions[a].help }
