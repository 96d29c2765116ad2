package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/config"
	"fieldbot/bot/console"

	"golang.org/x/term"
)

// demo runs the whole bot on the terminal console: fieldbot demo [--db PATH]
// [--as MEMBER] [--config FILE] [--print-config].
func (e *env) demo(ctx context.Context, args []string) error {
	fs := e.flags("demo")
	dbPath := fs.String("db", "fieldbot-demo.db", e.p.T("cli.flag.db"))
	as := fs.String("as", "", e.p.T("cli.flag.as"))
	cfgPath := fs.String("config", "", e.p.T("cli.flag.config_demo"))
	printCfg := fs.Bool("print-config", false, e.p.T("cli.flag.print_config"))
	files := fs.String("files", filepath.Join(os.TempDir(), "fieldbot-files"), e.p.T("cli.flag.files"))
	verbose := fs.Bool("v", false, e.p.T("cli.flag.verbose"))
	now := fs.String("now", "", e.p.T("cli.flag.now"))
	seed := fs.Bool("seed-reports", false, e.p.T("cli.flag.seed"))
	render := fs.String("render", "", e.p.T("cli.flag.render"))
	if err := parse(fs, args); err != nil {
		return err
	}
	con := &console.Console{Out: e.stdout, Files: *files}
	switch *render {
	case "", console.Name:
	case "zalo":
		con.Render = &console.ZaloCaps
	default:
		return fmt.Errorf("%s", e.p.T("cli.bad_render", "value", *render))
	}
	if *printCfg {
		_, err := e.stdout.Write(config.DemoYAML())
		return err
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	start := *now
	if start == "" && *cfgPath == "" {
		start = demoStart // the demo data's week, not today's
	}
	clock, err := e.startClock(start, cfg.Area.Location)
	if err != nil {
		return err
	}
	a, err := newApp(cfg, appOptions{DB: *dbPath, Clock: clock, Log: e.logger(*verbose), Known: []bot.ChannelInfo{con}})
	if err != nil {
		return err
	}
	defer a.Close()
	cfg = a.cfg // the roster is the database's from now on
	if *seed {
		if err := e.seedReports(ctx, cfg, a.db); err != nil {
			return err
		}
	}
	in := bufio.NewReader(e.stdin)
	interactive := isTerminal(e.stdin)
	e.demoBanner(clock, start != *now)
	member, err := e.pickMember(cfg, *as, in, interactive)
	switch {
	case errors.Is(err, errNoInput) && *seed:
		return nil // seeded, nothing typed: done
	case errors.Is(err, errNoInput):
		return fmt.Errorf("%s", e.p.T("cli.no_member_chosen"))
	case err != nil:
		return err
	}
	return e.converse(ctx, a, member, in, con, interactive)
}

// converse plays member on the console: the app's engine with a console
// channel that shows only that member's chat, and the scheduled jobs and
// expiries on the demo's clock.
func (e *env) converse(ctx context.Context, a *app, member *bot.Member, in io.Reader, cons *console.Console, interactive bool) error {
	chat := bot.ChatRef{Channel: console.Name, ChatID: member.ID}
	con := a.add(consoleChannel(cons, chat))
	if err := a.eng.Bind(ctx, console.Name, member.ID, member.ID); err != nil {
		return err
	}
	if _, err := a.eng.ExpireSessions(ctx); err != nil {
		return err
	}
	if err := a.sched.CatchUp(ctx); err != nil {
		return err
	}
	r := &console.Runner{Engine: a.eng, Sender: con.sender, Chat: chat, UserID: member.ID, Greet: true, Out: e.stdout}
	if interactive {
		r.Prompt = "> "
	}
	bg, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { background(bg, a, con) })
	defer wg.Wait() // before the database closes
	defer stop()
	return r.Run(ctx, in)
}

// consoleChannel is the terminal: it shows chat's messages and saves
// attachments; other chats' messages stay queued.
func consoleChannel(con *console.Console, chat bot.ChatRef) channelSpec {
	return channelSpec{Name: console.Name, Send: sendSettings{Channel: con,
		Only: func(c bot.ChatRef) bool { return c == chat }}}
}

// errNoInput is returned when the input ended before a member was chosen.
var errNoInput = errors.New("input ended")

// pickMember finds the roster member the person plays: --as, or a choice
// read from the first line of input.
func (e *env) pickMember(cfg *bot.Config, as string, in *bufio.Reader, interactive bool) (*bot.Member, error) {
	if as != "" {
		if m, ok := cfg.Member(as); ok {
			return m, nil
		}
		if cfg.Inactive(as) { // on the roster, deactivated: say so, and how to undo it
			return nil, fmt.Errorf("%s", e.p.T("cli.member_inactive", "id", as))
		}
		return nil, fmt.Errorf("%s", e.p.T("cli.no_member", "id", as))
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.pick_member"))
	for i := range cfg.Members {
		e.printMember(cfg, i)
	}
	if interactive {
		fmt.Fprint(e.stdout, "> ")
	}
	line, err := in.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return nil, errNoInput
	}
	line = strings.TrimSpace(line)
	if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(cfg.Members) {
		return &cfg.Members[n-1], nil
	}
	if m, ok := cfg.Member(line); ok {
		return m, nil
	}
	return nil, fmt.Errorf("%s", e.p.T("cli.no_member", "id", line))
}

// demoStart is when the built-in demo's clock starts without --now: the
// Wednesday of the week its data and the README are about (2020-W38).
const demoStart = "2020-09-16 09:00"

// demoBanner opens the demo: the clock it runs on when that is not today's
// (defaulted says the demo chose it), and how to leave.
func (e *env) demoBanner(clock bot.Clock, defaulted bool) {
	if defaulted {
		fmt.Fprintln(e.stdout, e.p.T("cli.demo_clock", "time", e.p.DateTime(clock.Now())))
	}
	fmt.Fprintln(e.stdout, e.p.T("cli.demo_leave"))
	fmt.Fprintln(e.stdout)
}

// printMember writes the i-th roster member for the chooser: name, ID and
// title, then their role and units, so the chair and the viewer are found
// without reading titles.
func (e *env) printMember(cfg *bot.Config, i int) {
	m := &cfg.Members[i]
	fmt.Fprintf(e.stdout, "  %d. %s (%s) — %s\n", i+1, m.Name, m.ID, m.Title.In(e.p.Lang()))
	units := e.p.T("cli.member_no_units")
	if len(m.Units) > 0 {
		names := make([]string, len(m.Units))
		for j, code := range m.Units {
			names[j] = code
			if u, ok := cfg.Unit(code); ok {
				names[j] = u.Name.In(e.p.Lang())
			}
		}
		units = e.p.T("cli.member_units", "units", strings.Join(names, ", "))
	}
	fmt.Fprintf(e.stdout, "     %s · %s\n", e.p.T(roleKeys[m.Role]), units)
}

// roleKeys name each role for the chooser.
var roleKeys = map[bot.Role]string{
	bot.RoleMember: "cli.role.member",
	bot.RoleChair:  "cli.role.chair",
	bot.RoleAdmin:  "cli.role.admin",
	bot.RoleViewer: "cli.role.viewer",
}

// background runs, while the demo runs, the scheduled jobs on the demo's
// clock (which may start at --now) and the expiry of idle sessions, and
// shows what they send.
func background(ctx context.Context, a *app, con *channel) {
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	last, lastExpiry := a.clock.Now(), a.clock.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := a.clock.Now()
		a.sched.RunDue(ctx, last, now)
		last = now
		if now.Sub(lastExpiry) >= expireEvery {
			_, _ = a.eng.ExpireSessions(ctx)
			lastExpiry = now
		}
		_, _ = con.flush(ctx)
	}
}

// isTerminal reports whether r is an interactive terminal (not a pipe, a
// file, or /dev/null).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
