package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
	"fieldbot/store"
)

// fakeChannel is a channel of given capabilities that records what it was
// asked to deliver, shaped by bot.Render as a real adapter shapes it.
type fakeChannel struct {
	name string
	caps bot.Caps
	// refuse, when set, refuses every message for that reason.
	refuse bot.Reason

	mu   sync.Mutex
	sent []delivered
}

// delivered is one message as the platform would have received it.
type delivered struct {
	chat string
	out  bot.Outgoing
	r    bot.Rendered
}

func (c *fakeChannel) Name() string             { return c.name }
func (c *fakeChannel) Caps() bot.Caps           { return c.caps }
func (c *fakeChannel) InviteLink(string) string { return "" }

func (c *fakeChannel) Send(_ context.Context, out *bot.Outgoing) error {
	if c.refuse != "" {
		return bot.Refused(c.refuse, errors.New(c.name+": refused"))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, delivered{chat: out.Chat.ChatID, out: *out, r: bot.Render(out, c.caps)})
	return nil
}

// last is the last message with text delivered.
func (c *fakeChannel) last(t *testing.T) delivered {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.sent) - 1; i >= 0; i-- {
		if c.sent[i].out.Text != "" {
			return c.sent[i]
		}
	}
	t.Fatalf("%s: nothing delivered", c.name)
	return delivered{}
}

// rich has buttons and edits in place; plain has numbered text only and, as
// on Zalo, a private chat whose id is not the user's.
func richChannel() *fakeChannel {
	return &fakeChannel{name: "telegram", caps: bot.Caps{Buttons: true, Edit: true, MaxText: 4096, Documents: true, Photos: bot.PhotoUpload, Contact: true}}
}

func plainChannel() *fakeChannel {
	return &fakeChannel{name: "zalo", caps: bot.Caps{MaxText: 2000, Photos: bot.PhotoURL}}
}

// channelRig is an engine on a real bbolt file with the given channels, a
// sender for each, and a fixed clock.
type channelRig struct {
	t       *testing.T
	db      *store.DB
	eng     *bot.Engine
	chans   map[string]*fakeChannel
	senders map[string]*delivery.Sender
	now     time.Time
	seq     int
}

func newChannelRig(t *testing.T, chans ...*fakeChannel) *channelRig {
	t.Helper()
	return newChannelRigWith(t, nil, chans...)
}

// newChannelRigWith is newChannelRig with engine options set by opts.
func newChannelRigWith(t *testing.T, opts func(*bot.Options), chans ...*fakeChannel) *channelRig {
	t.Helper()
	cfg := testConfig(t)
	db, err := store.Open(filepath.Join(t.TempDir(), "bot.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &channelRig{t: t, db: db, chans: map[string]*fakeChannel{}, senders: map[string]*delivery.Sender{},
		now: time.Date(2020, 9, 16, 9, 0, 0, 0, cfg.Area.Location)}
	clock := bot.ClockFunc(func() time.Time { return r.now })
	var infos []bot.ChannelInfo
	for _, c := range chans {
		infos = append(infos, c)
		r.chans[c.name] = c
		r.senders[c.name] = &delivery.Sender{Outbox: delivery.OutboxOf(db), Channel: c, Clock: clock}
	}
	o := bot.Options{Config: cfg, Store: db, Clock: clock, Channels: infos}
	if opts != nil {
		opts(&o)
	}
	r.eng = bot.New(o)
	return r
}

// account is a member's account on a channel: its user id and private chat.
type account struct{ channel, user, chat string }

// send handles one update from the account and delivers every reply.
func (r *channelRig) send(a account, u bot.Update) {
	r.t.Helper()
	r.seq++
	u.Chat, u.UserID, u.Seq = bot.ChatRef{Channel: a.channel, ChatID: a.chat}, a.user, uint64(r.seq)
	if err := r.eng.Handle(context.Background(), []bot.Update{u}); err != nil {
		r.t.Fatalf("handle %+v: %v", u, err)
	}
	r.flush()
}

func (r *channelRig) flush() {
	r.t.Helper()
	for name, s := range r.senders {
		if _, err := s.Flush(context.Background()); err != nil {
			r.t.Fatalf("flush %s: %v", name, err)
		}
	}
}

// step is one move of the member: type a text, pick choice n, or use a
// navigation command (back, skip, edit, confirm) the way the channel offers.
type step struct {
	typed, nav string
	choose     int
}

// navCommands are the Vietnamese commands of the navigation buttons.
var navCommands = map[string]string{"back": "/quaylai", "skip": "/boqua", "edit": "/sua", "confirm": "/xacnhan"}

// play makes one step on the account's channel: on a channel with buttons
// choices and navigation are pressed; on a text-only one they are typed, as
// read off the rendered text (which must carry them).
func (r *channelRig) play(a account, s step) {
	r.t.Helper()
	c := r.chans[a.channel]
	if s.typed != "" {
		r.send(a, bot.Update{Text: s.typed})
		return
	}
	last := c.last(r.t)
	if c.caps.Buttons {
		for _, b := range last.r.Buttons {
			if s.choose > 0 && b.Number == s.choose || s.nav != "" && b.Command == navCommands[s.nav] {
				r.send(a, bot.Update{Callback: &bot.Callback{ID: fmt.Sprint("cb", r.seq), Data: b.Data, MessageID: "m" + fmt.Sprint(r.seq)}})
				return
			}
		}
		r.t.Fatalf("no button for %+v on %q", s, last.out.Text)
	}
	text := strings.Join(last.r.Parts, "\n")
	if s.choose > 0 {
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^  %d\. `, s.choose)).MatchString(text) {
			r.t.Fatalf("choice %d is not offered as a numbered line in:\n%s", s.choose, text)
		}
		r.send(a, bot.Update{Text: fmt.Sprint(s.choose)})
		return
	}
	if !strings.Contains(text, "["+navCommands[s.nav]+" ") {
		r.t.Fatalf("%s is not offered in:\n%s", navCommands[s.nav], text)
	}
	r.send(a, bot.Update{Text: navCommands[s.nav]})
}

// TestOneConversationOnTwoChannels plays the same report, with a wrong
// answer, back, skip, an edit from the review and the confirmation, on a
// channel with buttons and edits and on a text-only one whose private chat
// id differs from the user id. The stored reports are the same; the plain
// channel never gets buttons, and every reply goes to its private chat.
func TestOneConversationOnTwoChannels(t *testing.T) {
	script := []step{
		{typed: "/baocao"}, {choose: 1}, // Xã An Bình
		{typed: "mười hai"}, {typed: "12"}, // households: refused, then right
		{typed: "350,5"},              // disbursed
		{nav: "back"}, {typed: "360"}, // back to disbursed, a new figure
		{nav: "skip"}, {nav: "skip"}, // rate, area
		{choose: 2},                               // progress: behind
		{choose: 1},                               // meeting: yes
		{nav: "skip"},                             // as-of date
		{typed: "Thiếu xi măng"},                  // difficulties
		{nav: "skip"},                             // photo
		{nav: "edit"}, {choose: 1}, {typed: "13"}, // households again, from the review
		{nav: "confirm"},
	}
	var stored []bot.Report
	for _, ch := range []*fakeChannel{richChannel(), plainChannel()} {
		t.Run(ch.name, func(t *testing.T) {
			r := newChannelRig(t, ch)
			a := account{channel: ch.name, user: "u-lan", chat: "u-lan"}
			if !ch.caps.Buttons {
				a.chat = "c-lan" // Zalo: the chat is not the user
			}
			if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
				t.Fatal(err)
			}
			for _, s := range script {
				r.play(a, s)
			}
			mustContain(t, strings.Join(ch.last(t).r.Parts, "\n"), "Đã lưu báo cáo của Xã An Bình (lần 1")
			edits := 0
			for _, d := range ch.sent {
				if d.chat != a.chat {
					t.Errorf("a reply went to chat %q, not the private chat %q", d.chat, a.chat)
				}
				if !ch.caps.Buttons && (len(d.r.Buttons) > 0 || d.r.Edit != "") {
					t.Errorf("buttons or an edit on a text-only channel: %+v", d.r)
				}
				if d.r.Edit != "" {
					edits++
				}
			}
			if ch.caps.Edit && edits == 0 {
				t.Error("no message was edited in place on a channel that edits")
			}
			err := r.db.View(context.Background(), func(tx bot.Tx) error {
				rep, err := tx.LatestReport("2020-W38", "an-binh")
				if err == nil {
					stored = append(stored, *rep)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	if len(stored) != 2 {
		t.Fatalf("%d reports stored, want one per channel", len(stored))
	}
	a, b := stored[0], stored[1]
	if !reflect.DeepEqual(a.Values, b.Values) || a.Member != b.Member || a.Unit != b.Unit || a.Period != b.Period || a.Seq != b.Seq {
		t.Errorf("the channels stored different reports:\n%+v\n%+v", a, b)
	}
	if got := a.Values["households"].Num; got != 13 {
		t.Errorf("households = %v, want 13 (the edit from the review)", got)
	}
	if got := a.Values["disbursed"].Num; got != 360 {
		t.Errorf("disbursed = %v, want 360 (the answer after back)", got)
	}
}

// TestBlockedOnOneChannelRemindedOnTheOther: a member bound on Telegram and
// on Zalo who blocked the bot on Telegram (the reply to their last message
// there was refused) is still reminded, on Zalo, in the Zalo private chat,
// and only there; only the Telegram account is marked, and the chair sees
// which channel cannot reach them.
func TestBlockedOnOneChannelRemindedOnTheOther(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	for _, a := range []account{{"telegram", "7", "7"}, {"zalo", "u-lan", "c-lan"}} {
		if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
			t.Fatal(err)
		}
	}
	r.send(account{"zalo", "u-lan", "c-lan"}, bot.Update{Text: "/trangthai"}) // Zalo tells the private chat
	tg.refuse = bot.ReasonBlocked
	r.send(account{"telegram", "7", "7"}, bot.Update{Text: "/trangthai"}) // then blocks the bot on Telegram
	if err := r.eng.Bind(context.Background(), "console", "chair", "chair"); err != nil {
		t.Fatal(err)
	}
	tgBefore := len(tg.sent)
	for slot := range 2 {
		if _, err := r.eng.Remind(context.Background(), slot, r.now); err != nil {
			t.Fatal(err)
		}
		r.flush()
		if got := len(zl.sent); got != 2+slot {
			t.Fatalf("after reminder %d: %d messages on Zalo, want %d", slot, got, 2+slot)
		}
		if d := zl.last(t); d.chat != "c-lan" || !strings.Contains(d.out.Text, "Xã An Bình") {
			t.Errorf("reminder %d on Zalo: %+v, want it in chat c-lan naming the units", slot, d)
		} else if !strings.HasPrefix(d.out.Text, "Kính gửi đồng chí ") {
			t.Errorf("reminder %d greets %q, want \"Kính gửi đồng chí …\"", slot, d.out.Text)
		}
	}
	if len(tg.sent) != tgBefore {
		t.Errorf("%d reminders tried on the blocked Telegram account, want none", len(tg.sent)-tgBefore)
	}
	err := r.db.View(context.Background(), func(tx bot.Tx) error {
		ids, err := tx.IdentitiesOf("lan")
		if err != nil {
			return err
		}
		for _, id := range ids {
			want := bot.Reason("")
			if id.Channel == "telegram" {
				want = bot.ReasonBlocked
			}
			if id.Unreachable != want {
				t.Errorf("%s account: unreachable %q, want %q", id.Channel, id.Unreachable, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	con := &fakeChannel{name: "console", caps: bot.Caps{}}
	r.chans["console"], r.senders["console"] = con, &delivery.Sender{Outbox: delivery.OutboxOf(r.db), Channel: con}
	r.send(account{"console", "chair", "chair"}, bot.Update{Text: "/trangthai"})
	status := strings.Join(con.last(t).r.Parts, "\n")
	mustContain(t, status, "⚠ Trần Thị Lan (Telegram) — đã chặn bot")
	if strings.Contains(status, "(Zalo)") {
		t.Errorf("the Zalo account is listed as unreachable:\n%s", status)
	}
}

// TestOneReminderOnTheChannelLastUsed: a member bound on two channels gets
// each reminder once, on the account they last wrote from; /kenh moves them.
func TestOneReminderOnTheChannelLastUsed(t *testing.T) {
	tg, zl := richChannel(), plainChannel()
	r := newChannelRig(t, tg, zl)
	tgA, zlA := account{"telegram", "7", "7"}, account{"zalo", "u-lan", "c-lan"}
	for _, a := range []account{tgA, zlA} {
		if err := r.eng.Bind(context.Background(), a.channel, a.user, "lan"); err != nil {
			t.Fatal(err)
		}
	}
	remind := func(slot int) (onTelegram, onZalo int) {
		t.Helper()
		tn, zn := len(tg.sent), len(zl.sent)
		if _, err := r.eng.Remind(context.Background(), slot, r.now); err != nil {
			t.Fatal(err)
		}
		r.flush()
		return len(tg.sent) - tn, len(zl.sent) - zn
	}
	r.send(zlA, bot.Update{Text: "/trangthai"})
	r.send(tgA, bot.Update{Text: "/trangthai"})
	if n, m := remind(0); n != 1 || m != 0 {
		t.Errorf("reminder 0: %d on Telegram, %d on Zalo; want 1 on Telegram, the last used", n, m)
	}
	r.send(tgA, bot.Update{Text: "/kenh zalo"})
	mustContain(t, strings.Join(tg.last(t).r.Parts, "\n"), "qua Zalo")
	if n, m := remind(1); n != 0 || m != 1 {
		t.Errorf("reminder 1: %d on Telegram, %d on Zalo; want 1 on Zalo, as chosen", n, m)
	}
	r.send(zlA, bot.Update{Text: "/kenh"})
	mustContain(t, strings.Join(zl.last(t).r.Parts, "\n"), "• Zalo (đang nhận)", "• Telegram")
}

// TestGroupsSayNothingOfThePrivateChat: a refused reply in a group does not
// mark the sender's own account, and a message in a group does not clear a
// mark the private chat earned.
func TestGroupsSayNothingOfThePrivateChat(t *testing.T) {
	tg := richChannel()
	r := newChannelRig(t, tg)
	if err := r.eng.Bind(context.Background(), "telegram", "7", "lan"); err != nil {
		t.Fatal(err)
	}
	group := account{"telegram", "7", "-1001"}
	mark := func() bot.Reason {
		t.Helper()
		var id bot.Identity
		if err := r.db.View(context.Background(), func(tx bot.Tx) (err error) { id, err = tx.Identity("telegram", "7"); return err }); err != nil {
			t.Fatal(err)
		}
		return id.Unreachable
	}
	tg.refuse = bot.ReasonChatGone // the bot was removed from the group
	r.send(group, bot.Update{Group: true, Text: "/baocao"})
	if m := mark(); m != "" {
		t.Fatalf("a refusal in a group marked the private account: %q", m)
	}
	tg.refuse = bot.ReasonBlocked
	r.send(account{"telegram", "7", "7"}, bot.Update{Text: "/trangthai"})
	if m := mark(); m != bot.ReasonBlocked {
		t.Fatalf("private refusal: mark %q, want blocked", m)
	}
	tg.refuse = ""
	r.send(group, bot.Update{Group: true, Text: "/trangthai"})
	if m := mark(); m != bot.ReasonBlocked {
		t.Errorf("a group message cleared the private chat's mark: %q", m)
	}
}
