//go:build unix

package main

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/telegram/telegramtest"
	"fieldbot/i18n"
)

// stepTimeout is how long a scripted member waits for the bot's answer to
// one input: long enough for a kill, a restart and a resend.
const stepTimeout = 60 * time.Second

// What the scripted members read in the bot's messages (the Vietnamese
// catalog's texts as the demo renders them).
var (
	questionRe = regexp.MustCompile(`^Câu (\d+)/(\d+) · (.+)$`)
	savedRe    = regexp.MustCompile(`^Đã lưu báo cáo của (.+) \(lần (\d+),`)
	menuLineRe = regexp.MustCompile(`^\s*(\d+)\. \S+ (.+)$`)
)

// filed is a report a scripted member saw confirmed on the wire.
type filed struct {
	Unit      string // code
	Seq       uint64 // the revision the confirmation names
	Period    string
	Household float64 // households_escaped, unique per unit
	Note      string  // difficulties, unique per report
	// Values are all the answers the revision must hold.
	Values map[string]bot.Value
	// At is when the member read the confirmation.
	At time.Time
}

// wireDup is a message delivered again: the index in the chat's messages
// of the repeat and of the earlier copy.
type wireDup struct {
	Chat          int64
	Repeat, First int
	Text          string
	// Input is the update_id of the input First answered.
	Input int
}

// unexpected is a message that was neither the answer a member waited for
// nor a copy of an earlier one.
type unexpected struct {
	Chat    int64
	Index   int
	Waiting string
	Text    string
}

// scriptedMember files whole reports over and over through the fake Bot
// API, one input at a time, reading each answer before the next input.
type scriptedMember struct {
	id   string
	user telegramtest.User
	cfg  *bot.Config
	fake *telegramtest.Server

	cursor    int                             // the chat's messages read so far
	seen      map[string]int                  // text+keyboard of every message read → its index
	serial    map[string]int                  // reports started per unit
	confirmed map[string]map[string]bot.Value // unit → the answers last confirmed
	reports   int
	filed     []filed
	dups      []wireDup
	odd       []unexpected
	onInput   func()      // called after each input is queued
	update    int         // the update_id of the last input
	answerTo  map[int]int // index of a message read as an answer → its input's update_id
}

func newScriptedMember(cfg *bot.Config, fake *telegramtest.Server, id string, userID int64) *scriptedMember {
	return &scriptedMember{id: id, cfg: cfg, fake: fake, seen: map[string]int{}, answerTo: map[int]int{}, serial: map[string]int{}, confirmed: map[string]map[string]bot.Value{},
		user: telegramtest.User{ID: userID, FirstName: id, LanguageCode: "vi"}}
}

// minReports is how many reports each member files at least: a first
// report and its correction.
const minReports = 2

// run files reports until stop is closed (finishing the one under way) and
// it has filed minReports.
func (m *scriptedMember) run(ctx context.Context, stop <-chan struct{}) error {
	for {
		select {
		case <-stop:
			if len(m.filed) >= minReports {
				return nil
			}
		default:
		}
		if err := m.fileOne(ctx); err != nil {
			return fmt.Errorf("member %s, report %d: %w", m.id, m.reports, err)
		}
	}
}

// The fields whose answers identify a report: the households figure
// (the report's number for its unit) and the free text (a note naming it).
const (
	householdsField = "households_escaped"
	noteField       = "difficulties"
)

// fileOne is one whole report: /baocao, the unit, then every question (a
// first report) or, for a unit reported already, from the review the two
// answers that identify it, then /xacnhan and the confirmation.
func (m *scriptedMember) fileOne(ctx context.Context) error {
	m.reports++
	menu, err := m.step(ctx, "/baocao", "the unit menu", func(t string) bool { return strings.Contains(t, "Chọn đơn vị") })
	if err != nil {
		return err
	}
	member, _ := m.cfg.Member(m.id)
	pick := (m.reports-1)/2%len(member.Units) + 1 // each unit twice in a row: a report, then its correction
	unitName := menuEntry(menu, pick)
	code := m.unitCode(unitName)
	if code == "" {
		return fmt.Errorf("no unit %d in the menu: %q %v", pick, menu.Text, menu.Buttons)
	}
	m.serial[code]++
	f := filed{Unit: code, Household: float64(m.serial[code]),
		Note: fmt.Sprintf("Ghi chú thử %s số %d", code, m.serial[code])}
	answers := map[string]string{m.label(householdsField): strconv.Itoa(m.serial[code]), m.label(noteField): f.Note}
	first, err := m.step(ctx, strconv.Itoa(pick), "question 1 or the review of "+unitName,
		func(t string) bool { return isQuestion(1, unitName)(t) || isReview(t) })
	if err != nil {
		return err
	}
	values := map[string]bot.Value{}
	if isReview(first.Text) {
		maps.Copy(values, m.confirmed[code])
		err = m.correct(ctx, first, unitName, answers)
		values[householdsField] = bot.Value{Num: f.Household}
		values[noteField] = bot.Value{Text: f.Note}
	} else {
		err = m.answerAll(ctx, first, unitName, answers, values)
	}
	if err != nil {
		return err
	}
	saved, err := m.step(ctx, "/xacnhan", "the confirmation", func(t string) bool {
		s := savedRe.FindStringSubmatch(t)
		return s != nil && s[1] == unitName
	})
	if err != nil {
		return err
	}
	f.Seq, _ = strconv.ParseUint(savedRe.FindStringSubmatch(saved.Text)[2], 10, 64)
	f.Period = m.cfg.Period.PeriodAt(time.Now(), m.cfg.Area.Location).Key // the child's clock is the real one
	f.Values = values
	f.At = time.Now()
	m.confirmed[code] = values
	m.filed = append(m.filed, f)
	return nil
}

// answerAll answers every question from q on until the review, and notes
// in values what each answer must be stored as: the identifying answers,
// "/boqua" to the other optional questions, the first choice to a choice,
// and to any other number 1000 + its question's number, so that an answer
// taken for another question (an update handled twice moves the
// conversation on twice) is stored as a wrong value.
func (m *scriptedMember) answerAll(ctx context.Context, q telegramtest.Message, unitName string, answers map[string]string, values map[string]bot.Value) error {
	for {
		n, total := questionNumber(q.Text)
		label := questionLabel(q.Text)
		field := m.fieldByLabel(label)
		if field == nil {
			return fmt.Errorf("question %d %q is no field of the form", n, label)
		}
		answer, ok := answers[label]
		switch {
		case ok:
		case skippable(q):
			answer = "/boqua"
		case field.Type == bot.FieldSelect:
			answer = "1"
			values[field.ID] = bot.Value{Text: field.Choices[0].ID}
		default:
			answer = strconv.Itoa(1000 + n)
		}
		if answer != "/boqua" && field.Type != bot.FieldSelect {
			if k, err := strconv.Atoi(answer); err == nil {
				values[field.ID] = bot.Value{Num: float64(k)}
			} else {
				values[field.ID] = bot.Value{Text: answer}
			}
		}
		var err error
		if n == total {
			_, err = m.step(ctx, answer, "the review", isReview)
			return err
		}
		if q, err = m.step(ctx, answer, fmt.Sprintf("question %d of %s", n+1, unitName), isQuestion(n+1, unitName)); err != nil {
			return err
		}
	}
}

// correct changes the identifying answers from the review of a unit
// reported already: the question's number, the new answer, the review again.
func (m *scriptedMember) correct(ctx context.Context, review telegramtest.Message, unitName string, answers map[string]string) error {
	for _, label := range []string{m.label(householdsField), m.label(noteField)} {
		n := reviewLine(review.Text, label)
		if n == 0 {
			return fmt.Errorf("no %q in the review %q", label, review.Text)
		}
		if _, err := m.step(ctx, strconv.Itoa(n), fmt.Sprintf("question %d of %s", n, unitName), isQuestion(n, unitName)); err != nil {
			return err
		}
		var err error
		if review, err = m.step(ctx, answers[label], "the review", isReview); err != nil {
			return err
		}
	}
	return nil
}

// fieldByLabel is the form field whose Vietnamese label is label.
func (m *scriptedMember) fieldByLabel(label string) *bot.Field {
	for i, f := range m.cfg.Form.Fields {
		if f.Label.In(i18n.VI) == label {
			return &m.cfg.Form.Fields[i]
		}
	}
	return nil
}

// label is a form field's question in Vietnamese.
func (m *scriptedMember) label(field string) string {
	f, _, _ := m.cfg.Form.Field(field)
	return f.Label.In(i18n.VI)
}

func isReview(t string) bool { return strings.HasPrefix(t, "Kiểm tra lại báo cáo") }

// questionLabel is a question's second line, its label.
func questionLabel(t string) string {
	lines := strings.SplitN(t, "\n", 3)
	if len(lines) < 2 {
		return ""
	}
	return lines[1]
}

// reviewLine is the number of the review's line for the question label.
func reviewLine(review, label string) int {
	for _, l := range strings.Split(review, "\n") {
		num, rest, ok := strings.Cut(l, ". ")
		if n, err := strconv.Atoi(num); ok && err == nil && strings.HasPrefix(rest, label+":") {
			return n
		}
	}
	return 0
}

// skippable reports whether a question offers to skip it.
func skippable(q telegramtest.Message) bool {
	for _, row := range q.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, "Bỏ qua") {
				return true
			}
		}
	}
	return false
}

// step sends input and reads the chat until a message satisfies want, which
// it returns. A copy of a message read before is a wire duplicate; any other
// message is unexpected (an update handled twice would show as one).
func (m *scriptedMember) step(ctx context.Context, input, waiting string, want func(string) bool) (telegramtest.Message, error) {
	m.update = m.fake.Text(m.user, input)
	if m.onInput != nil {
		m.onInput()
	}
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	for {
		var msgs []telegramtest.Message
		err := m.fake.Wait(ctx, func() bool {
			msgs = m.fake.Messages(m.user.ID)
			return len(msgs) > m.cursor
		})
		if err != nil {
			return telegramtest.Message{}, fmt.Errorf("after %q, waiting for %s: %w (last read: %q)", input, waiting, err, m.last(msgs))
		}
		if got, ok := m.read(msgs, waiting, want); ok {
			return got, nil
		}
	}
}

// read classifies the messages from the cursor on until one satisfies want.
func (m *scriptedMember) read(msgs []telegramtest.Message, waiting string, want func(string) bool) (telegramtest.Message, bool) {
	for ; m.cursor < len(msgs); m.cursor++ {
		msg := msgs[m.cursor]
		sig := msg.Raw + "\x00" + msg.Markup
		if want(msg.Text) {
			m.seen[sig] = m.cursor
			m.answerTo[m.cursor] = m.update
			m.cursor++
			return msg, true
		}
		if first, ok := m.seen[sig]; ok {
			m.dups = append(m.dups, wireDup{Chat: m.user.ID, Repeat: m.cursor, First: first, Text: firstLine(msg.Text),
				Input: m.answerTo[first]})
			continue
		}
		m.seen[sig] = m.cursor
		m.odd = append(m.odd, unexpected{Chat: m.user.ID, Index: m.cursor, Waiting: waiting, Text: msg.Text})
	}
	return telegramtest.Message{}, false
}

// drain reads what is left in the chat once the bot has stopped.
func (m *scriptedMember) drain() {
	m.read(m.fake.Messages(m.user.ID), "nothing (the member is done)", func(string) bool { return false })
}

func (m *scriptedMember) last(msgs []telegramtest.Message) string {
	if m.cursor == 0 || m.cursor > len(msgs) {
		return ""
	}
	return firstLine(msgs[m.cursor-1].Text)
}

// unitCode is the code of the unit named name in the member's language.
func (m *scriptedMember) unitCode(name string) string {
	for _, u := range m.cfg.Units {
		if u.Name.In(i18n.VI) == name {
			return u.Code
		}
	}
	return ""
}

// menuEntry is the unit name on button n of the unit menu.
func menuEntry(menu telegramtest.Message, n int) string {
	for _, row := range menu.Buttons {
		for _, b := range row {
			if s := menuLineRe.FindStringSubmatch(b.Text); s != nil && s[1] == strconv.Itoa(n) {
				return strings.TrimSpace(s[2])
			}
		}
	}
	return ""
}

// isQuestion matches question n of the unit.
func isQuestion(n int, unit string) func(string) bool {
	return func(t string) bool {
		s := questionRe.FindStringSubmatch(firstLine(t))
		return s != nil && s[1] == strconv.Itoa(n) && s[3] == unit
	}
}

// questionNumber is the question's number and the number of questions.
func questionNumber(t string) (n, total int) {
	s := questionRe.FindStringSubmatch(firstLine(t))
	if s == nil {
		return 0, 0
	}
	n, _ = strconv.Atoi(s[1])
	total, _ = strconv.Atoi(s[2])
	return n, total
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
