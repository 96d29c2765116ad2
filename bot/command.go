package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"fieldbot/i18n"
)

// Commands, by canonical name. Each answers to Vietnamese, accent-free and
// English spellings; see commandAliases.
const (
	cmdStart   = "start"
	cmdReport  = "report"
	cmdStatus  = "status"
	cmdCancel  = "cancel"
	cmdLang    = "lang"
	cmdHelp    = "help"
	cmdSummary = "summary"
	cmdBack    = "back"
	cmdSkip    = "skip"
	cmdConfirm = "confirm"
	cmdEdit    = "edit"
	cmdKeep    = "keep"
	cmdInvite  = "invite"
	cmdChannel = "channel"
	cmdQuick   = "quick"
	cmdForm    = "form"
	cmdWeb     = "web"
	cmdLeave   = "leave"
	cmdNudge   = "nudge"
	cmdReopen  = "reopen"
	cmdHistory = "history"
	cmdReview  = "review"
	cmdExport  = "export"
)

// commandAliases maps every accepted spelling (folded: lower case, no
// diacritics) to its command; the navigation commands' come from navTable.
var commandAliases = withNavAliases(map[string]string{
	"start": cmdStart, "batdau": cmdStart,
	"baocao": cmdReport, "report": cmdReport,
	"trangthai": cmdStatus, "status": cmdStatus,
	"ngonngu": cmdLang, "lang": cmdLang, "language": cmdLang,
	"trogiup": cmdHelp, "help": cmdHelp,
	"tonghop": cmdSummary, "summary": cmdSummary,
	"moi": cmdInvite, "invite": cmdInvite,
	"kenh": cmdChannel, "channel": cmdChannel,
	"bc": cmdQuick, "baocaonhanh": cmdQuick, "quick": cmdQuick,
	"mau": cmdForm, "form": cmdForm, "template": cmdForm,
	"web": cmdWeb, "trangweb": cmdWeb,
	"nghi": cmdLeave, "nghiphep": cmdLeave, "leave": cmdLeave,
	"nhacngay": cmdNudge, "nudge": cmdNudge,
	"molai": cmdReopen, "reopen": cmdReopen,
	"lichsu": cmdHistory, "history": cmdHistory,
	"xem": cmdReview, "review": cmdReview, "duyet": cmdReview,
	"xuat": cmdExport, "export": cmdExport,
})

// CommandNames returns the slash commands a channel menu should show, in
// lang, with their descriptions (Telegram's setMyCommands). The report
// command's description names the configured period: a week or a month.
func CommandNames(lang i18n.Lang, kind PeriodKind) [][2]string {
	p := i18n.For(lang)
	names := []string{"baocao", "bc", "mau", "trangthai", "lichsu", "nghi", "tonghop", "huy", "ngonngu", "trogiup"}
	if lang == i18n.EN {
		names = []string{"report", "quick", "form", "status", "history", "leave", "summary", "cancel", "lang", "help"}
	}
	out := make([][2]string, len(names))
	for i, n := range names {
		key := "menu." + commandAliases[n]
		if commandAliases[n] == cmdReport && kind == Monthly {
			key = "menu.report_monthly"
		}
		out[i] = [2]string{n, p.T(key)}
	}
	return out
}

// parseCommand splits "/baocao@fieldbot arg" into ("report", "arg").
func parseCommand(text string) (cmd, arg string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	word, arg := text[1:], ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 { // "/bc Bản Thi" or "/bc" then lines
		word, arg = word[:i], word[i:]
	}
	word, _, _ = strings.Cut(word, "@")
	cmd, ok = commandAliases[i18n.Fold(word)]
	if !ok {
		return "?", strings.TrimSpace(arg), true
	}
	return cmd, strings.TrimSpace(arg), true
}

// command runs a slash command that is not a step of the conversation.
// During a report, the open question is asked again afterwards, so the next
// answer is never typed blind; /baocao does not throw the report away.
func (t *turn) command(cmd, arg string) error {
	if t.sess != nil && t.sess.Step == StepPickLang {
		t.sess = nil // the language list is a menu: another command closes it
	}
	open := t.sess != nil // a question asked before the command, to ask again after it
	if err := t.runCommand(cmd, arg); err != nil || !open || t.sess == nil || cmd == cmdReport || cmd == cmdQuick || cmd == cmdReview {
		return err
	}
	t.reask()
	return nil
}

// commandHandlers answer the commands that take their argument as typed
// (the others are in runCommand's switch).
var commandHandlers = map[string]func(t *turn, arg string) error{
	cmdQuick:   (*turn).quickCommand,
	cmdForm:    (*turn).quickForm,
	cmdStatus:  (*turn).status,
	cmdLang:    (*turn).setLang,
	cmdInvite:  (*turn).inviteCommand,
	cmdChannel: (*turn).channelCommand,
	cmdApply:   (*turn).applyRosterFile,
	cmdLeave:   (*turn).leaveCommand,
	cmdNudge:   (*turn).nudgeCommand,
	cmdReopen:  (*turn).reopenCommand,
	cmdHistory: (*turn).historyCommand,
	cmdReview:  (*turn).reviewCommand,
	cmdExport:  (*turn).exportCommand,
}

func (t *turn) runCommand(cmd, arg string) error {
	if h, ok := commandHandlers[cmd]; ok {
		return h(t, arg)
	}
	switch cmd {
	case cmdStart:
		t.greet()
	case cmdReport:
		if arg != "" { // "/baocao 2" (a reminder's button, typed), "/baocao bản thi"
			return t.reportNamed(arg)
		}
		return t.startReport()
	case cmdCancel:
		t.say(t.p.T("cancel.nothing"))
	case cmdHelp:
		t.say(t.help())
	case cmdSummary:
		return t.summary()
	case cmdWeb:
		return t.webCommand()
	case cmdMembers, cmdAddMember, cmdAssign, cmdUnassign, cmdDeactivate, cmdActivate, cmdTarget:
		_, err := t.rosterCommand(cmd, arg)
		return err
	default:
		if _, ok := navByCmd[cmd]; ok { // back, skip, ... with no report open
			t.say(t.p.T("nav.no_report"))
			return nil
		}
		t.say(t.p.T("command.unknown") + "\n\n" + t.help())
	}
	return nil
}

// greet welcomes a known member.
func (t *turn) greet() { t.say(t.greeting()) }

// greeting is the welcome: who the member is, their units, and the help.
func (t *turn) greeting() string {
	names := make([]string, len(t.member.Units))
	for i, c := range t.member.Units {
		names[i] = t.view().unitName(c)
	}
	text := t.p.T("start.hello", "name", t.member.Name, "area", t.e.cfg.Area.Name.In(t.p.Lang()))
	if len(names) > 0 {
		text += "\n" + t.p.T("start.units", "units", strings.Join(names, ", "))
	}
	return text + "\n\n" + t.help()
}

// help lists the commands the member may use: the permission table's
// commands the member's role allows, then those open to everyone.
func (t *turn) help() string {
	lines := []string{t.p.T("help.title")}
	for a, g := range permissions {
		if Action(a) == ActWeb && t.e.publicURL == "" {
			continue // no web page without a public address
		}
		if Action(a) == ActReview && !t.e.cfg.Review.Approval {
			continue // reports are not reviewed
		}
		if g.help != "" && t.e.may(t.member, Action(a)) {
			lines = append(lines, t.p.T(g.help))
			if Action(a) == ActReport {
				lines = append(lines, t.p.T("help.quick"))
			}
		}
	}
	lines = append(lines, t.p.T("help.cancel"), t.p.T("help.lang"))
	if len(t.e.channels) > 1 {
		lines = append(lines, t.p.T("help.channel"))
	}
	lines = append(lines, t.p.T("help.help"))
	return strings.Join(lines, "\n")
}

// setLang switches the member's language, or offers the choice.
func (t *turn) setLang(arg string) error {
	lang, ok := i18n.ParseLang(arg)
	if !ok {
		if t.sess == nil { // nothing open: the list can be numbered
			t.sess = &Session{Chat: t.u.Chat, Member: t.member.ID, User: t.u.UserID, Step: StepPickLang}
			return t.askLang()
		}
		var bs []Button // mid-report, numbers answer the question: commands only
		for _, l := range i18n.Langs {
			bs = append(bs, Button{Command: "/ngonngu " + string(l), Label: i18n.For(l).T("lang.name"), Data: langPrefix + string(l)})
		}
		t.say(t.p.T("lang.choose"), bs...)
		return nil
	}
	st, err := t.tx.MemberState(t.member.ID)
	if err != nil {
		return fmt.Errorf("bot: set language: %w", err)
	}
	st.Lang = lang
	if err := t.tx.PutMemberState(t.member.ID, st); err != nil {
		return fmt.Errorf("bot: set language: %w", err)
	}
	t.p = i18n.For(lang)
	t.say(t.p.T("lang.set"))
	return nil
}

// askLang lists the languages, numbered, so that typing 1 or 2 chooses.
func (t *turn) askLang() error {
	t.sess.newNonce()
	var bs []Button
	for i, l := range i18n.Langs {
		bs = append(bs, Button{Number: i + 1, Label: i18n.For(l).T("lang.name"), Data: t.sess.payload(strconv.Itoa(i + 1))})
	}
	t.say(t.p.T("lang.choose"), append(bs, t.navButton(cmdCancel))...)
	return nil
}

// pickLang takes the number (or the name) of a language and closes the list.
func (t *turn) pickLang(in input) error {
	n, ok := in.choice()
	if !ok && in.kind == inText {
		if l, found := i18n.ParseLang(in.text); found {
			for i, x := range i18n.Langs {
				if x == l {
					n, ok = i+1, true
				}
			}
		}
	}
	if !ok || n < 1 || n > len(i18n.Langs) { // not a choice: the menu closes
		t.sess = nil
		t.say(t.p.T("hint.idle"))
		return nil
	}
	t.sess = nil
	return t.setLang(string(i18n.Langs[n-1]))
}
