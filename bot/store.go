package bot

import (
	"context"
	"errors"
	"time"

	"fieldbot/i18n"
)

// ErrNotFound is returned by getters when there is no such record.
var ErrNotFound = errors.New("not found")

// ErrStorage marks a failure of the database itself (a full disk, an I/O
// error, a failed fsync): nothing of the transaction was stored, and
// nothing is wrong with the input. The store wraps such failures with it.
var ErrStorage = errors.New("the database cannot be written")

// Store is the database. Every effect of a batch of updates happens inside one
// Update call, so it commits together or not at all.
type Store interface {
	// Update runs fn in one read-write transaction; an error from fn rolls back.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Batcher is a Store whose write transactions can be shared (group
// commit): Batch is Update for a function that may be committed together
// with other callers' functions, in one transaction and one fsync, and that
// may run more than once (when another function of its group fails, it runs
// again alone), so it must not keep anything outside tx from a run that
// did not commit. Engine.Handle and the Sender's deliveries use it when the
// store has it. A wrapper that embeds a Batcher to change Update must
// change Batch too, or those writes go around it.
type Batcher interface {
	Batch(ctx context.Context, fn func(Tx) error) error
}

// BatchOrUpdate is s's Batch when s has one, else its Update: for a
// function that may run more than once (see Batcher).
func BatchOrUpdate(s Store) func(context.Context, func(Tx) error) error {
	if b, ok := s.(Batcher); ok {
		return b.Batch
	}
	return s.Update
}

// Tx is one database transaction: the sum of the small interfaces below,
// each used by the code that needs it. Getters return ErrNotFound (wrapped
// or not; test with errors.Is) for missing records. Returned values are
// copies, safe to keep after the transaction ends.
type Tx interface {
	IdentityTx
	MemberTx
	SessionTx
	ReportTx
	OutboxTx
	InboundTx
	JobTx
	AuditTx
	InviteTx
	FileTx
	WebTx
	SummaryTx
	RosterTx
	ClosingTx
	ReviewTx
}

// IdentityTx binds platform accounts to roster members.
type IdentityTx interface {
	// Identity returns the account (channel, userID) and its member.
	Identity(channel, userID string) (Identity, error)
	// PutIdentity stores id, replacing an earlier binding of that account.
	PutIdentity(id Identity) error
	// IdentitiesOf lists a member's accounts, ordered by channel and user id.
	IdentitiesOf(memberID string) ([]Identity, error)
	// Greeted records that the account (bound or not) was told what the bot
	// is and what it keeps, and reports whether it had been already.
	Greeted(channel, userID string, at time.Time) (bool, error)
}

// MemberState is what the bot learns about a member at run time (the roster
// itself is configuration).
type MemberState struct {
	Lang i18n.Lang `json:"lang,omitempty"` // chosen with /ngonngu; empty: the roster's
	// Prefer is the account ("zalo/<user id>") scheduled messages go to: the
	// one the member last wrote from, or chose with /kenh.
	Prefer string `json:"prefer,omitempty"`
	// Leave is the member's leave (/nghi), nil when none: their reminders
	// pause and a unit's deputy may report for them.
	Leave *Leave `json:"leave,omitempty"`
}

// Leave is a member's leave: every day from From to To, both included,
// written YYYY-MM-DD (days in the area's zone, so they sort as text).
type Leave struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// On reports whether the leave covers the day of t in loc.
func (l *Leave) On(t time.Time, loc *time.Location) bool {
	if l == nil {
		return false
	}
	day := t.In(loc).Format(time.DateOnly)
	return l.From <= day && day <= l.To
}

// MemberTx keeps what members chose (their language).
type MemberTx interface {
	MemberState(memberID string) (MemberState, error)
	PutMemberState(memberID string, st MemberState) error
}

// SessionTx keeps each chat's open conversation.
type SessionTx interface {
	Session(chat ChatRef) (*Session, error)
	PutSession(s *Session) error
	DeleteSession(chat ChatRef) error
	// Sessions calls fn for every stored session (for expiry sweeps).
	Sessions(fn func(*Session) error) error
}

// ReportTx keeps every revision of every report.
type ReportTx interface {
	// PutReport stores r as the next revision of (r.Period, r.Unit), setting
	// r.Seq, and makes it the latest.
	PutReport(r *Report) error
	// LatestReport is the newest revision of a unit's report for a period.
	LatestReport(period, unit string) (*Report, error)
	// PreviousReport is the latest revision of the unit's newest report in a
	// period strictly before period.
	PreviousReport(unit, period string) (*Report, error)
	// Revisions lists every revision of a unit's report for a period, oldest first.
	Revisions(period, unit string) ([]Report, error)
	// Revision is one revision of a unit's report for a period (ErrNotFound
	// when there is no such revision).
	Revision(period, unit string, seq uint64) (*Report, error)
	// PeriodReports lists the latest revision of each unit's report for a period.
	PeriodReports(period string) ([]Report, error)
	// ReportSpan is the first and the last period key holding a report
	// ("", "" when there is none).
	ReportSpan() (first, last string, err error)
}

// OutboxTx is the queue of messages waiting to be sent, and the dead
// letters; the sender needs nothing else.
type OutboxTx interface {
	// Enqueue adds a message to the outbox. With a Key already enqueued, it
	// does nothing and returns false.
	Enqueue(out *Outgoing) (bool, error)
	// Outbox lists up to limit pending messages of a channel in order. It
	// reads the whole outbox: for inspection, not for a send pass.
	Outbox(channel string, limit int) ([]Outgoing, error)
	// DueChats calls fn for each chat of channel with pending messages, in
	// the order of the due time (NotBefore) of the chat's first pending
	// message, until fn returns false. A pass reads only the chats it visits.
	DueChats(channel string, fn func(chat ChatRef, due time.Time) bool) error
	// ChatOutbox lists up to limit (<= 0: all) pending messages of one chat,
	// in order, their attachments by name and hash (no Data: a message held
	// back costs no file read).
	ChatOutbox(chat ChatRef, limit int) ([]Outgoing, error)
	// ChatOutboxAfter is ChatOutbox from the first pending message with an
	// ID above after on (a pass reads a chat's first message alone, then
	// the ones behind it).
	ChatOutboxAfter(chat ChatRef, after uint64, limit int) ([]Outgoing, error)
	// LoadAttachments fills in the Data of out's attachments stored by hash.
	LoadAttachments(out *Outgoing) error
	// UpdateOutbox rewrites a pending message's attempts and not-before.
	UpdateOutbox(out *Outgoing) error
	// Ack removes a delivered message from the outbox.
	Ack(id uint64) error
	// DeadLetter moves a message to the dead-letter list: why (cause) in the
	// domain's words, and the platform's own (reason).
	DeadLetter(id uint64, cause Reason, reason string, at time.Time) error
	// DeadLetters lists dead letters from since on.
	DeadLetters(since time.Time) ([]DeadLetter, error)
	// PruneOutbox forgets the dedupe keys of messages enqueued more than
	// keep before now that are no longer pending (a key whose time is not
	// known counts from the first prune that meets it), and the dead
	// letters older than keep; it returns how many records went.
	PruneOutbox(now time.Time, keep time.Duration) (int, error)
	// MarkUnreachable records on a bound account that a delivery to it was
	// refused for good (the chair and admins are shown it); an account no
	// member is bound to is left alone.
	MarkUnreachable(channel, userID string, why Reason, at time.Time) error
}

// InboundTx keeps what came in: each channel's update number and dedupe keys.
type InboundTx interface {
	// Offset is a channel's last processed update number.
	Offset(channel string) (uint64, error)
	SetOffset(channel string, seq uint64) error
	// InboundTime is the platform time of the newest update seen on channel
	// (zero when unknown); with it the engine tells Telegram's renumbering
	// after a quiet week from a redelivery.
	InboundTime(channel string) (time.Time, error)
	SetInboundTime(channel string, at time.Time) error
	// SeenInbound records an inbound dedupe key and reports whether it was
	// already there.
	SeenInbound(channel, key string, at time.Time) (bool, error)
	// PruneInbound forgets dedupe keys recorded, and file links expired,
	// before before; it returns how many records went.
	PruneInbound(before time.Time) (int, error)
}

// JobTx records the scheduled jobs that ran.
type JobTx interface {
	// JobRan records that a scheduled job ran for key (job/period) and
	// reports whether it had already, so a digest is built and sent once
	// per period however often start-up catches up.
	JobRan(key string, at time.Time) (bool, error)
	// JobDone reports whether JobRan recorded key, without recording it:
	// a read-only transaction may call it.
	JobDone(key string) (bool, error)
	// PruneJobs forgets the jobs that ran before before; it returns how
	// many records went.
	PruneJobs(before time.Time) (int, error)
}

// SummaryTx keeps the /tonghop requests recorded by a turn and not yet
// answered (see Engine.ServeSummaries).
type SummaryTx interface {
	// RequestSummary records r, setting r.ID to a new number.
	RequestSummary(r *SummaryRequest) error
	// SummaryRequests lists the requests not yet answered, oldest first;
	// with a damaged record, the others and an error naming it.
	SummaryRequests() ([]SummaryRequest, error)
	// DeleteSummaryRequest removes request id and reports whether it was
	// there (false: another pass answered it already).
	DeleteSummaryRequest(id uint64) (bool, error)
}

// Reopening lets a unit's report for a locked period be saved once more: an
// admin reopened it (/molai), until Until or the next revision saved.
type Reopening struct {
	Period string    `json:"period"`
	Unit   string    `json:"unit"`
	By     string    `json:"by"` // the admin's member ID
	At     time.Time `json:"at"`
	Until  time.Time `json:"until"`
}

// ClosingTx keeps the reopenings of locked reports.
type ClosingTx interface {
	// Reopening returns the reopening of (period, unit); ErrNotFound when none.
	Reopening(period, unit string) (Reopening, error)
	// PutReopening stores r, replacing an earlier one for its report.
	PutReopening(r Reopening) error
	// DeleteReopening removes the reopening of (period, unit), if any.
	DeleteReopening(period, unit string) error
	// PruneReopenings forgets the reopenings whose Until is before before;
	// it returns how many went.
	PruneReopenings(before time.Time) (int, error)
}

// AuditEntry records who did what, for the audit log.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Member string    `json:"member,omitempty"`
	Action string    `json:"action"`
	Detail string    `json:"detail,omitempty"`
}

// AuditTx appends to the audit log.
type AuditTx interface {
	Audit(e AuditEntry) error
}

// InviteTx keeps registration codes and the lockout of code guessing.
type InviteTx interface {
	// PutInvite stores inv under a hash of inv.Code (the canonical code);
	// the code itself is not stored. Putting it again replaces it (to mark
	// it used).
	PutInvite(inv Invite) error
	// Invite returns the invite for a canonical code, with Code set to it.
	Invite(code string) (Invite, error)

	// Attempts returns the failure record kept under key (for lockouts, e.g.
	// "invite/telegram/123"); the zero value when there is none.
	Attempts(key string) (Attempts, error)
	// PutAttempts replaces the record under key; the zero value deletes it.
	PutAttempts(key string, a Attempts) error
}

// Link is a file the bot's HTTP server hands out under an unguessable token
// until it expires: a chart for a channel that fetches pictures by URL, a
// workbook for a channel without documents.
type Link struct {
	Blob    string    `json:"blob"` // the content's hash (FileTx.PutBlob)
	Name    string    `json:"name"` // the file name shown to the reader
	For     string    `json:"for"`  // the account it was made for ("zalo/<user id>")
	Expires time.Time `json:"expires"`
}

// FileTx keeps file contents once, by hash, and the links to them.
type FileTx interface {
	// PutBlob stores data under its SHA-256 (hex) and returns that; storing
	// the same content again stores nothing new.
	PutBlob(data []byte) (string, error)
	// Blob returns the content stored under hash.
	Blob(hash string) ([]byte, error)
	// PutLink stores a link under its token; Link returns it.
	PutLink(token string, l Link) error
	Link(token string) (Link, error)
}

// WebTx keeps what the office's web page needs: the key its links and
// sessions are signed with, the sign-in links used, the digests that were
// sent and the jobs that ran.
type WebTx interface {
	// WebKey returns the key the web page signs with, made on the first
	// call in a read-write transaction; in a read-only one before that it
	// returns ErrNotFound.
	WebKey() ([]byte, error)
	// UseWebLogin records that the sign-in link with nonce was used and
	// reports whether it had been already.
	UseWebLogin(nonce string, at time.Time) (bool, error)
	// WebLoginUsed reports whether the sign-in link with nonce was used.
	WebLoginUsed(nonce string) (bool, error)
	// PutSentDigest records a digest that was sent, replacing an earlier
	// record of its period.
	PutSentDigest(d SentDigest) error
	// SentDigests lists the digests that were sent, newest period first.
	SentDigests() ([]SentDigest, error)
	// SentDigest returns the record of a period's digest.
	SentDigest(period string) (SentDigest, error)
	// JobRuns lists the scheduled jobs that ran (JobTx.JobRan), in key order.
	JobRuns() ([]JobRun, error)
}

// SentDigest is a digest as it was sent: its text and files in each
// language it was rendered in, the files stored once by hash (FileTx).
type SentDigest struct {
	Period  string                       `json:"period"`
	Sent    time.Time                    `json:"sent"`
	Readers int                          `json:"readers"` // messages enqueued
	Langs   map[i18n.Lang]SentDigestText `json:"langs"`
}

// SentDigestText is one language's rendering of a sent digest.
type SentDigestText struct {
	Text  string     `json:"text"`
	Files []SentFile `json:"files,omitempty"`
}

// SentFile is an attachment of a sent digest.
type SentFile struct {
	Name  string `json:"name"`
	Blob  string `json:"blob"` // the content's hash (FileTx.PutBlob)
	Photo bool   `json:"photo,omitempty"`
	Chair bool   `json:"chair,omitempty"` // sent to the chairs only
}

// JobRun is one scheduled job that ran: its key ("digest/2020-W38") and when.
type JobRun struct {
	Key string
	At  time.Time
}
