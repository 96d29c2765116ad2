package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultSessionTTL is how long a conversation may sit idle before it
// expires; a draft (a unit chosen) waits while its period is open, and this
// long after its last answer once the period has ended.
const DefaultSessionTTL = 24 * time.Hour

// Options configure an Engine.
type Options struct {
	Config     *Config
	Store      Store
	Clock      Clock        // default SystemClock
	Logger     *slog.Logger // default slog.Default()
	SessionTTL time.Duration
	// Digester builds digests for /tonghop and SendDigest; nil disables them.
	Digester Digester
	// Exporter makes the workbook of /xuat; nil disables it.
	Exporter Exporter
	// Channels are the channels the bot runs on: how a member joins each
	// (invite links) and what each can do.
	Channels []ChannelInfo
	// PublicURL is the bot's HTTP server as the world reaches it
	// ("https://bot.example.vn"), for links to files on channels that
	// fetch pictures by URL or have no documents; empty: no such links.
	PublicURL string
	// Observer is told of each update, batch and digest build (metrics);
	// nil observes nothing.
	Observer Observer
	// RosterFile reads a roster file an admin sends to the bot; nil: such
	// files are not read.
	RosterFile RosterFileReader
	// SummaryNotice is how long a /tonghop answered by the worker (StartSummaries) may
	// take before the member is told it is coming; 0: DefaultSummaryNotice;
	// negative: never.
	SummaryNotice time.Duration
}

// Engine turns updates into stored reports and replies. All its effects go
// through the Store inside one transaction per batch; it keeps no state of its
// own between calls beyond caches, so it is safe for concurrent use.
//
// The roster (units, members, targets) lives in the database: an Engine value
// carries the configuration of one roster version (cfg), and each
// transaction works on the value for the version it reads (Engine.at), so a
// change committed by any transaction is seen by the next one.
type Engine struct {
	*engine
	cfg *Config // the configuration with the roster this value sees
}

// engine is what every Engine value of one bot shares.
type engine struct {
	base  *Config // the configuration as loaded (its roster seeds the database's)
	store Store
	clock Clock
	log   *slog.Logger
	ttl   time.Duration

	digester   Digester
	exporter   Exporter
	channels   []ChannelInfo
	publicURL  string
	outage     outage // since when the database could not be written, if it cannot
	obs        Observer
	sum        summaries
	roster     atomic.Pointer[rosterView] // the Engine of the last roster version read
	rosterFile RosterFileReader
}

// rosterView is the Engine value for one stored roster version.
type rosterView struct {
	stamp RosterStamp
	eng   *Engine
}

// New makes an Engine.
func New(o Options) *Engine {
	c := &engine{base: o.Config, store: o.Store, clock: o.Clock, log: o.Logger, ttl: o.SessionTTL, digester: o.Digester,
		exporter: o.Exporter, channels: o.Channels, publicURL: strings.TrimRight(o.PublicURL, "/"), obs: ObserverOr(o.Observer),
		rosterFile: o.RosterFile}
	e := &Engine{engine: c, cfg: o.Config}
	if e.clock == nil {
		e.clock = SystemClock{}
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	if e.ttl <= 0 {
		e.ttl = DefaultSessionTTL
	}
	e.sum.wake = make(chan struct{}, 1)
	e.sum.notice = o.SummaryNotice
	if e.sum.notice == 0 {
		e.sum.notice = DefaultSummaryNotice
	}
	c.roster.Store(&rosterView{eng: e}) // version 0: no roster stored, the configuration's
	return e
}

// at returns the Engine that sees the roster tx reads: one read of the
// version when it has not changed since the last call, a decode and new
// indexes when it has. A database without a roster yet gives the loaded
// configuration's.
func (e *Engine) at(tx RosterTx) (*Engine, error) {
	v, err := tx.RosterVersion()
	if err != nil {
		return nil, fmt.Errorf("bot: roster version: %w", err)
	}
	if cur := e.roster.Load(); cur.stamp == v {
		return cur.eng, nil
	}
	cfg := e.base
	if v.Version > 0 {
		r, err := tx.Roster()
		if err != nil {
			return nil, fmt.Errorf("bot: read roster: %w", err)
		}
		cfg = e.base.WithRoster(r)
	}
	ne := &Engine{engine: e.engine, cfg: cfg}
	e.roster.Store(&rosterView{stamp: v, eng: ne})
	return ne, nil
}

// caps is what the named channel can do; a channel the engine was not told
// of is taken for one that can do everything, as Telegram can (tests, and the
// command line, which sends nothing).
func (e *Engine) caps(channel string) Caps {
	for _, c := range e.channels {
		if c.Name() == channel {
			return c.Caps()
		}
	}
	return Caps{Buttons: true, Edit: true, Documents: true, Photos: PhotoUpload, Contact: true}
}

// Config is the engine's configuration with the roster it saw last; a
// transaction reads the current one with CurrentConfig.
func (e *Engine) Config() *Config { return e.roster.Load().eng.cfg }

// ConfigAt is the configuration with the roster tx holds: the one the
// engine loaded last when tx's roster stamp is its (one small read), else
// tx's roster, read and kept for the next call. The web page looks its
// members and units up in it in each request's transaction.
func (e *Engine) ConfigAt(tx RosterTx) (*Config, error) {
	ne, err := e.at(tx)
	if err != nil {
		return nil, err
	}
	return ne.cfg, nil
}

// markInbound records u as handled and reports whether it is new.
func (e *Engine) markInbound(tx InboundTx, u *Update) (bool, error) {
	if u.Seq > 0 {
		if fresh, err := e.markSeq(tx, u); err != nil || !fresh {
			return false, err
		}
	}
	if u.DedupeKey != "" {
		seen, err := tx.SeenInbound(u.Chat.Channel, u.DedupeKey, e.clock.Now())
		if err != nil {
			return false, fmt.Errorf("bot: dedupe: %w", err)
		}
		if seen {
			return false, nil
		}
	}
	return true, nil
}

// Inbound sanity limits. Update numbers stay far below what a platform's
// signed 64-bit ids can overflow to; a new number more than MaxSeqJump above
// the last one is refused unless a quiet spell explains a new numbering; the
// date of an update more than MaxClockSkew ahead of our clocks is not kept.
const (
	MaxSeq       = 1 << 53
	MaxSeqJump   = 1 << 24
	MaxClockSkew = time.Hour
)

// QuietRestart is how long a channel may go without updates before its
// numbering may start again lower (Telegram picks a random update_id after a
// week without updates).
const QuietRestart = 6 * 24 * time.Hour

// latestNow is the later of the engine's clock and the machine's: a
// platform dates updates by the real time, while the engine may run on a
// simulated one (the demo's --now, tests walking through a week), so only a
// date beyond both is impossible.
func (e *Engine) latestNow() time.Time {
	now, wall := e.clock.Now(), time.Now()
	if wall.After(now) {
		return wall
	}
	return now
}

// markSeq moves the channel's high-water mark to u.Seq and reports whether
// u is new. A number at or below the mark is a redelivery, unless the update
// comes well after the newest one seen (QuietRestart): then the platform has
// started numbering afresh, and the mark follows it down (or up, past
// MaxSeqJump). An update without a date (a Telegram button press) counts as
// coming now. A number beyond MaxSeq is refused; a date beyond our clocks is
// not kept as the newest (the update itself is handled: our clock may be the
// one that is wrong).
func (e *Engine) markSeq(tx InboundTx, u *Update) (bool, error) {
	ch := u.Chat.Channel
	if u.Seq > MaxSeq {
		e.log.Warn("update refused: its number is impossible", "channel", ch, "seq", u.Seq)
		return false, nil
	}
	at := u.At
	if !at.IsZero() && at.After(e.latestNow().Add(MaxClockSkew)) {
		e.log.Error("update dated ahead of this machine's clock: handled, its date not kept (check the clock)",
			"channel", ch, "seq", u.Seq, "at", at)
		at = time.Time{}
	}
	off, err := tx.Offset(ch)
	if err != nil {
		return false, fmt.Errorf("bot: read offset: %w", err)
	}
	last, err := tx.InboundTime(ch)
	if err != nil {
		return false, fmt.Errorf("bot: read inbound time: %w", err)
	}
	when := at
	if when.IsZero() {
		when = e.clock.Now()
	}
	quiet := !last.IsZero() && when.Sub(last) >= QuietRestart
	switch {
	case u.Seq <= off:
		if !quiet {
			return false, nil
		}
		e.log.Warn("update numbers started again after a quiet spell", "channel", ch, "offset", off, "seq", u.Seq)
	case off > 0 && u.Seq-off > MaxSeqJump && !quiet && !last.IsZero():
		// Far above the mark with no quiet spell to explain a new
		// numbering: taken as a forgery, not stored.
		e.log.Warn("update refused: its number is far above the last one", "channel", ch, "offset", off, "seq", u.Seq)
		return false, nil
	case !at.IsZero() && at.Before(last.Add(-24*time.Hour)):
		// Above the mark but a day older than the newest update: an old
		// number redelivered after the numbering started again lower.
		return false, nil
	}
	if err := tx.SetOffset(ch, u.Seq); err != nil {
		return false, fmt.Errorf("bot: set offset: %w", err)
	}
	if at.After(last) {
		if err := tx.SetInboundTime(ch, at); err != nil {
			return false, fmt.Errorf("bot: set inbound time: %w", err)
		}
	}
	return true, nil
}

// Bind links a platform user to a roster member, with the private chat of
// the same id (the console does this for the member chosen at start-up;
// invites and contact sharing do it on chat channels, where the chat comes
// from the update).
func (e *Engine) Bind(ctx context.Context, channel, userID, memberID string) error {
	return e.store.Update(ctx, func(tx Tx) error {
		e, err := e.at(tx)
		if err != nil {
			return err
		}
		if _, ok := e.cfg.Member(memberID); !ok {
			return fmt.Errorf("bot: bind %s/%s: no member %q in the roster", channel, userID, memberID)
		}
		if id, err := tx.Identity(channel, userID); err == nil && id.Member == memberID {
			return nil
		}
		if err := tx.PutIdentity(Identity{Channel: channel, UserID: userID, Member: memberID, Chat: userID}); err != nil {
			return fmt.Errorf("bot: bind: %w", err)
		}
		if _, err := tx.Greeted(channel, userID, e.clock.Now()); err != nil { // bound by the office: it knows
			return fmt.Errorf("bot: bind: %w", err)
		}
		return tx.Audit(AuditEntry{At: e.clock.Now(), Member: memberID, Action: "bind", Detail: channel + "/" + userID})
	})
}

// Resume re-asks the open question of chat after a restart and reports
// whether there was one (an idle one expires with its message instead).
func (e *Engine) Resume(ctx context.Context, chat ChatRef, userID string) (bool, error) {
	resumed := false
	err := e.store.Update(ctx, func(tx Tx) error {
		_, err := tx.Session(chat)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("bot: resume: %w", err)
		}
		t, err := e.newTurn(tx, &Update{Chat: chat, UserID: userID, At: e.clock.Now()})
		if err != nil || t.member == nil || t.sess == nil || t.sess.Member != t.member.ID {
			return err
		}
		t.resumed = true
		if !t.expireIfIdle() {
			t.sess.Shown = t.now
			t.say(t.p.T("session.resumed"))
			t.reask()
			resumed = true
		}
		return t.flush()
	})
	return resumed, err
}

// InboundRetention is how long inbound dedupe keys are kept: a platform
// without update numbers (Zalo) redelivers within minutes, never a month on.
const InboundRetention = 30 * 24 * time.Hour

// OutboxRetention is how long the dedupe keys of sent messages, the dead
// letters and the records of jobs that ran are kept. A job for a period can
// run again only until the start-up catch-up stops looking back at it: a
// reminder before its period's deadline, an escalation within its period, a
// digest in the period after its own, plus the 8-day look-back. For a
// monthly period that is at most about 70 days after the first key of the
// period was written; 180 days leaves a wide margin (a clock set back by
// weeks included), so a digest or reminder for a past period is never sent
// again. The digest's dead-letter section reads one period back.
const OutboxRetention = 180 * 24 * time.Hour

// Prune forgets dedupe keys older than InboundRetention and expired file
// links, the outbox keys, dead letters and job records older than
// OutboxRetention, and the reopenings (/molai) that have ended; it returns
// how many records went.
func (e *Engine) Prune(ctx context.Context) (int, error) {
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		now := e.clock.Now()
		in, err := tx.PruneInbound(now.Add(-InboundRetention))
		if err != nil {
			return err
		}
		out, err := tx.PruneOutbox(now, OutboxRetention)
		if err != nil {
			return err
		}
		jobs, err := tx.PruneJobs(now.Add(-OutboxRetention))
		if err != nil {
			return err
		}
		reopened, err := tx.PruneReopenings(now)
		n = in + out + jobs + reopened
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("bot: prune: %w", err)
	}
	return n, nil
}

// ExpireSessions ends every session that is over, telling its chat so: idle
// longer than the TTL, and for a draft its period ended too (drafts wait for
// the member while the period is open); it returns how many ended.
func (e *Engine) ExpireSessions(ctx context.Context) (int, error) {
	n := 0
	err := e.store.Update(ctx, func(tx Tx) error {
		var idle []*Session
		if err := tx.Sessions(func(s *Session) error {
			if e.sessionOver(s, e.clock.Now()) {
				idle = append(idle, s)
			}
			return nil
		}); err != nil {
			return fmt.Errorf("bot: list sessions: %w", err)
		}
		for _, s := range idle {
			t, err := e.newTurn(tx, &Update{Chat: s.Chat, At: e.clock.Now()})
			if err != nil {
				return err
			}
			t.sess, t.member = s, nil
			t.u.UserID = s.User // the expiry notice is for that account (not a message from it)
			if t.e.cfg.Inactive(s.Member) {
				// A deactivated member's chat gets nothing.
				if err := tx.DeleteSession(s.Chat); err != nil {
					return fmt.Errorf("bot: delete session: %w", err)
				}
				continue
			}
			if m, ok := t.e.cfg.Member(s.Member); ok {
				t.member = m
				t.p = e.printer(tx, m)
			}
			t.expireIfIdle()
			if err := t.flush(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
