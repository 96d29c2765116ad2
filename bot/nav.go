package bot

import "fieldbot/i18n"

// navRow is one navigation command of the report conversation, in every
// form a member can give it.
type navRow struct {
	cmd   string    // canonical command; its "cmd.<cmd>" and "button.<cmd>" keys name it to people
	slash []string  // slash spellings, folded (lower case, accent-free)
	words []string  // whole messages typed without a slash, folded
	code  string    // button payload code, after the nonce
	kind  inputKind // what it means to the open step
}

// navTable defines navigation once; the command aliases, typed words, button
// codes and input kinds below are all derived from it. Edit has no typed
// word on purpose: "sửa" is a plausible answer to a text question.
var navTable = []navRow{
	{cmd: cmdBack, slash: []string{"quaylai", "back"}, words: []string{"quay lai", "back"}, code: "b", kind: inBack},
	{cmd: cmdSkip, slash: []string{"boqua", "skip"}, words: []string{"bo qua", "skip"}, code: "s", kind: inSkip},
	{cmd: cmdCancel, slash: []string{"huy", "cancel"}, words: []string{"huy", "cancel"}, code: "x", kind: inCancel},
	{cmd: cmdConfirm, slash: []string{"xacnhan", "confirm"}, words: []string{"xac nhan", "confirm"}, code: "ok", kind: inConfirm},
	{cmd: cmdEdit, slash: []string{"sua", "edit"}, code: "e", kind: inEdit},
	{cmd: cmdKeep, slash: []string{"giunguyen", "keep"}, words: []string{"giu nguyen", "keep", "nhu ky truoc", "nhu tuan truoc", "nhu thang truoc", "same as last period", "same as last week", "same as last month"}, code: "k", kind: inKeep},
}

// Lookups derived from navTable.
var (
	navByCmd  = navIndex(func(r navRow) []string { return []string{r.cmd} })
	navByWord = navIndex(func(r navRow) []string { return r.words })
	navByCode = navIndex(func(r navRow) []string { return []string{r.code} })
)

// navIndex maps each of the keys that keysOf gives for a row to that row.
func navIndex(keysOf func(navRow) []string) map[string]*navRow {
	m := map[string]*navRow{}
	for i := range navTable {
		for _, k := range keysOf(navTable[i]) {
			m[k] = &navTable[i]
		}
	}
	return m
}

// withNavAliases adds the slash spellings of every nav row to aliases.
func withNavAliases(aliases map[string]string) map[string]string {
	for _, r := range navTable {
		for _, s := range r.slash {
			aliases[s] = r.cmd
		}
	}
	return aliases
}

// navCommand maps a command to a conversation input, if it is one.
func navCommand(cmd string) (input, bool) {
	r, ok := navByCmd[cmd]
	if !ok {
		return input{}, false
	}
	return input{kind: r.kind}, true
}

// navWord maps a whole typed message ("bỏ qua") to a conversation input, if
// it is one.
func navWord(text string) (input, bool) {
	r, ok := navByWord[i18n.Fold(text)]
	if !ok {
		return input{}, false
	}
	return input{kind: r.kind}, true
}

// navCode maps a button payload code to a conversation input, if it is one.
func navCode(code string) (input, bool) {
	r, ok := navByCode[code]
	if !ok {
		return input{}, false
	}
	return input{kind: r.kind}, true
}

// navButton is the button for a navigation command, in the turn's language.
func (t *turn) navButton(cmd string) Button {
	return Button{Command: t.p.T("cmd." + cmd), Label: t.p.T("button." + cmd), Data: t.sess.payload(navByCmd[cmd].code)}
}
