package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fieldbot/i18n"
)

// DigestMessage is a rendered digest: its text and attachments.
type DigestMessage struct {
	Text   string
	Attach []Attachment
	// ChairAttach are the files for the chairs only (the report to sign),
	// sent after Attach.
	ChairAttach []Attachment
}

// For is what m gets of the digest: the chairs get ChairAttach too.
func (msg DigestMessage) For(m *Member) []Attachment {
	if m.Role != RoleChair || len(msg.ChairAttach) == 0 {
		return msg.Attach
	}
	return append(msg.Attach[:len(msg.Attach):len(msg.Attach)], msg.ChairAttach...)
}

// DigestData is a period's digest as computed from the store. bot does not
// look inside: it hands it back to the Digester that built it.
type DigestData any

// Digester makes a period's digest in two steps, so that rendering (the
// text, the chart, the workbook: seconds at ten thousand units) holds no
// transaction and blocks no writer. cmd wires it to the digest package and
// its renderers; bot only needs the result.
type Digester interface {
	// Build computes the digest of period p as of now from tx. It only
	// reads: SendDigest runs it in a read-only transaction.
	Build(tx Tx, p Period, now time.Time) (DigestData, error)
	// Render renders what Build returned in each of langs. It is called
	// outside any transaction.
	Render(data DigestData, langs []i18n.Lang) (map[i18n.Lang]DigestMessage, error)
}

// remindPrefix marks a reminder's button: "R:2" starts the report for the
// member's second unit. Like every payload it names no unit.
const remindPrefix = "R:"

// Remind sends reminder slot (the index of its schedule entry), due at at,
// to every member with an assigned unit not yet reported in at's period. It
// sends nothing after the deadline or on a holiday. Each message is keyed by
// (job, period, recipient), so running it twice sends once.
func (e *Engine) Remind(ctx context.Context, slot int, at time.Time) (int, error) {
	now := e.clock.Now()
	p := e.periodAt(at)
	if at.After(e.cfg.Period.Deadline(p)) || now.After(e.cfg.Period.Deadline(p)) || e.Holiday(at) {
		return 0, nil
	}
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		n = 0
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		for i := range e.cfg.Members {
			m, away, err := e.effective(tx, &e.cfg.Members[i], at)
			if err != nil {
				return err
			}
			if away || !m.Can(ActRemind) { // on leave: reminders pause
				continue
			}
			_, k, err := e.remindMember(tx, m, p, fmt.Sprintf("remind/%s/%d", p.Key, slot), "remind.text", now)
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	return n, err
}

// remindMember enqueues one member's reminder of p under job, its text
// the catalog's textKey; it returns the units still to report and whether
// the message was new (1) or not (0).
func (e *Engine) remindMember(tx Tx, m *Member, p Period, job, textKey string, now time.Time) ([]string, int, error) {
	v := e.view(tx, e.printer(tx, m))
	draft, err := e.reminderDraft(tx, m, p.Key)
	if err != nil {
		return nil, 0, err
	}
	past := e.periodAt(now).Key != p.Key // a nudge after the period: its buttons name it
	var names []string
	var bs []Button
	offered := false // a draft of a unit still to report (a correction's is not offered)
	for i, code := range m.Units {
		if _, err := tx.LatestReport(p.Key, code); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return nil, 0, fmt.Errorf("bot: remind: %w", err)
		}
		if past { // a unit locked beyond the grace could not be filed
			if a, err := e.access(tx, p, code, false, now); err != nil {
				return nil, 0, err
			} else if !a.writable() {
				continue
			}
		}
		names = append(names, v.unitName(code))
		// "/baocao 2" is the button typed, where there are no buttons.
		cmd, data := v.p.T("cmd.report")+" "+strconv.Itoa(i+1), remindPrefix+strconv.Itoa(i+1)
		if past {
			cmd, data = v.periodCommand(p, now)+" "+strconv.Itoa(i+1), data+periodSep+p.Key
		}
		bs = append(bs, Button{Command: cmd, Label: "📝 " + v.unitName(code), Data: data})
		if code == draft { // the same button goes on with the draft (see resumeDraft)
			bs[len(bs)-1].Label = v.p.T("button.resume_draft", "unit", v.unitName(code))
			offered = true
		}
	}
	if len(names) == 0 {
		return nil, 0, nil
	}
	text := v.p.T(textKey, "name", m.Name, "period", v.periodLabel(p),
		"deadline", v.p.DateTime(e.cfg.Period.Deadline(p)), "units", strings.Join(names, ", "))
	if offered {
		text += "\n" + v.p.T("remind.draft", "unit", v.unitName(draft))
	}
	n, err := e.enqueueTo(tx, m, job, now, func() *Outgoing {
		return &Outgoing{Text: text, Buttons: bs}
	})
	return names, n, err
}

// periodSep follows a reminder's unit number with the period it is for,
// when that is not the current one ("R:2@2020-W38").
const periodSep = "@"

// Escalate tells the chairs, once per period, which units have not reported
// in at's period and who is responsible for each; nothing when every unit
// has reported.
func (e *Engine) Escalate(ctx context.Context, at time.Time) (int, error) {
	now := e.clock.Now()
	p := e.periodAt(at)
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		n = 0
		if ran, err := tx.JobRan("escalate/"+p.Key, now); err != nil || ran {
			return err
		}
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		for i := range e.cfg.Members {
			m := &e.cfg.Members[i]
			if !m.Can(ActEscalation) {
				continue
			}
			v := e.view(tx, e.printer(tx, m))
			overview, missing, err := v.overview(p.Key)
			if err != nil || missing == 0 {
				return err // every unit reported: nothing to escalate
			}
			text := v.p.T("escalate.text", "period", v.periodLabel(p),
				"deadline", v.p.DateTime(e.cfg.Period.Deadline(p))) + "\n" + overview
			// "Nhắc ngay": remind the late members now; typed where there are no buttons.
			nudge := Button{Command: v.p.T("cmd.nudge") + " " + v.periodArgText(p, now), Label: v.p.T("button.nudge"), Data: nudgePrefix + p.Key}
			k, err := e.enqueueTo(tx, m, "escalate/"+p.Key, now, func() *Outgoing { return &Outgoing{Text: text, Buttons: []Button{nudge}} })
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	return n, err
}

// SendDigest sends the digest of period p to the chairs and viewers, each in
// their own language, once per period: the run is recorded, so catching up
// at start-up does not build it again, and a reader added later does not get
// an old digest.
//
// It works in three steps: a read-only transaction checks the run and
// builds the digest's data; the data is rendered outside any transaction;
// a second transaction checks the run again, records it and enqueues one
// message per reader under the job's deterministic key. A crash before the
// second commit leaves nothing behind, so the next run sends it, once; two
// runs at the same time send it once, as the second finds the run recorded.
func (e *Engine) SendDigest(ctx context.Context, p Period) (int, error) {
	if e.digester == nil {
		return 0, errors.New("bot: send digest: no digester configured")
	}
	now := e.clock.Now()
	start := now // the build's time, for the observer: Build and the renders
	job := "digest/" + p.Key
	var (
		data  DigestData
		langs []i18n.Lang
		done  bool
	)
	err := e.store.View(ctx, func(tx Tx) error {
		var err error
		if done, err = tx.JobDone(job); err != nil || done {
			return err
		}
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		_, langs = e.digestReaders(tx)
		data, err = e.digester.Build(tx, p, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("bot: build digest %s: %w", p.Key, err)
	}
	if done {
		return 0, nil
	}
	took := e.clock.Now().Sub(start)
	msgs := map[i18n.Lang]DigestMessage{}
	// A reader may change language between the two transactions: the
	// second one then asks for that language, rendered from the same data.
	for range maxDigestRenders {
		rendering := e.clock.Now()
		if err := e.renderDigest(data, p, langs, msgs); err != nil {
			return 0, err
		}
		took += e.clock.Now().Sub(rendering)
		n, missing, err := e.enqueueDigest(ctx, job, now, msgs)
		if err != nil || len(missing) == 0 {
			e.obs.DigestBuilt(took)
			return n, err
		}
		langs = missing
	}
	return 0, fmt.Errorf("bot: send digest %s: readers kept changing language", p.Key)
}

// maxDigestRenders bounds SendDigest's rounds of rendering.
const maxDigestRenders = 3

// digestReaders lists the members who get the digest and their languages.
func (e *Engine) digestReaders(tx Tx) ([]*Member, []i18n.Lang) {
	var readers []*Member
	langs := map[i18n.Lang]bool{}
	for i := range e.cfg.Members {
		if m := &e.cfg.Members[i]; m.Can(ActDigest) {
			readers = append(readers, m)
			langs[e.printer(tx, m).Lang()] = true
		}
	}
	return readers, keys(langs)
}

// renderDigest adds to msgs the languages of langs it does not have yet.
func (e *Engine) renderDigest(data DigestData, p Period, langs []i18n.Lang, msgs map[i18n.Lang]DigestMessage) error {
	var todo []i18n.Lang
	for _, l := range langs {
		if _, ok := msgs[l]; !ok {
			todo = append(todo, l)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	out, err := e.digester.Render(data, todo)
	if err != nil {
		return fmt.Errorf("bot: render digest %s: %w", p.Key, err)
	}
	for _, l := range todo {
		msg, ok := out[l]
		if !ok {
			return fmt.Errorf("bot: render digest %s: no %s version", p.Key, l)
		}
		msgs[l] = msg
	}
	return nil
}

// errDigestLangs rolls back enqueueDigest when a reader's language has no
// rendered message.
var errDigestLangs = errors.New("bot: digest: languages to render")

// enqueueDigest records job and enqueues msgs to every reader, unless job
// already ran. When a reader's language is missing from msgs it writes
// nothing and returns the missing languages.
func (e *Engine) enqueueDigest(ctx context.Context, job string, now time.Time, msgs map[i18n.Lang]DigestMessage) (int, []i18n.Lang, error) {
	n := 0
	var missing []i18n.Lang
	err := e.store.Update(ctx, func(tx Tx) error {
		n, missing = 0, nil
		if ran, err := tx.JobRan(job, now); err != nil || ran {
			return err
		}
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		readers, langs := e.digestReaders(tx)
		for _, l := range langs {
			if _, ok := msgs[l]; !ok {
				missing = append(missing, l)
			}
		}
		if len(missing) > 0 {
			return errDigestLangs
		}
		for _, m := range readers {
			msg := msgs[e.printer(tx, m).Lang()]
			k, err := e.enqueueTo(tx, m, job, now, func() *Outgoing {
				return &Outgoing{Text: msg.Text, Attach: msg.For(m)}
			})
			if err != nil {
				return err
			}
			n += k
		}
		return archiveDigest(tx, strings.TrimPrefix(job, "digest/"), now, msgs, n)
	})
	if errors.Is(err, errDigestLangs) {
		return 0, missing, nil
	}
	return n, nil, err
}

// running keeps the accounts on channels the bot runs now (all of them when
// the engine was told of none: tests, the command line).
func (e *Engine) running(ids []Identity) []Identity {
	if len(e.channels) == 0 {
		return ids
	}
	var out []Identity
	for _, id := range ids {
		for _, c := range e.channels {
			if c.Name() == id.Channel {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// mailTx is what addressing a member needs: their accounts and choice, and
// the outbox.
type mailTx interface {
	IdentityTx
	MemberTx
	OutboxTx
	FileTx
}

// enqueueTo puts a message for m on the one account m is reached at (see
// pickAccount), keyed by job, recipient and chat, and reports whether it
// was new.
func (e *Engine) enqueueTo(tx mailTx, m *Member, job string, now time.Time, msg func() *Outgoing) (int, error) {
	ids, err := tx.IdentitiesOf(m.ID)
	if err != nil {
		return 0, fmt.Errorf("bot: chats of %s: %w", m.ID, err)
	}
	st, err := tx.MemberState(m.ID)
	if err != nil {
		return 0, fmt.Errorf("bot: preferred account of %s: %w", m.ID, err)
	}
	id, ok := pickAccount(e.running(ids), st.Prefer)
	if !ok {
		e.log.Info("member has no chat to send to", "member", m.ID, "job", job)
		return 0, nil
	}
	c := id.ChatRef()
	out := msg()
	// Keyed by job and member, not account: a member who meanwhile wrote
	// from another account (or chose it with /kenh) does not get the same
	// message again there when a job is caught up at start.
	out.Chat, out.User, out.Created, out.Key = c, id.UserID, now, job+"/"+m.ID
	if err := e.shapeFiles(tx, out, e.printer(tx, m), id.Key(), now); err != nil {
		return 0, err
	}
	added, err := tx.Enqueue(out)
	if err != nil || !added {
		return 0, err
	}
	return 1, nil
}

// Holiday reports whether t falls on one of the configured holidays.
func (e *Engine) Holiday(t time.Time) bool {
	day := t.In(e.cfg.Area.Location).Format("02/01/2006")
	for _, h := range e.cfg.Schedule.Holidays {
		if d, err := i18n.ParseDate(h, e.cfg.Area.Location); err == nil && d.Format("02/01/2006") == day {
			return true
		}
	}
	return false
}

func (e *Engine) periodAt(t time.Time) Period { return e.cfg.Period.PeriodAt(t, e.cfg.Area.Location) }

// PeriodAt is the reporting period that holds t.
func (e *Engine) PeriodAt(t time.Time) Period { return e.periodAt(t) }

func keys(m map[i18n.Lang]bool) []i18n.Lang {
	var out []i18n.Lang
	for _, l := range i18n.Langs {
		if m[l] {
			out = append(out, l)
		}
	}
	return out
}
