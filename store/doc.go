// Package store is fieldbot's database: a bbolt file that implements bot.Store.
//
// Every effect of a batch of updates happens in one DB.Update call, which is
// one bbolt read-write transaction; values are JSON (see codec.go), except
// reports, which have a compact binary record (reportcodec.go) because a
// digest reads them by the ten thousand; everything is decoded into fresh
// values, so nothing handed out points into bbolt memory. Every record is
// sealed with a CRC-32C checked when it is read (schema version 3 sealed the
// older ones): a damaged record is an error wrapping ErrCorrupt that names
// it, never a wrong figure. A commit that fails (a full disk, an I/O error)
// wraps bot.ErrStorage, so the engine keeps the input for later. A 0-byte
// file is refused rather than taken for a new database.
//
// Open waits a bounded time for the file lock (ErrLocked), refuses a file
// that is not a bbolt database, is empty or shorter than its meta page says
// (ErrCorrupt) or that a newer fieldbot wrote (ErrNewerSchema), and
// migrates an older one. It reads no data page beyond the schema's, so it
// costs the same at any size and leaves the file unread in memory. Verify
// (fieldbot check --db) is the full check: it reads every page once,
// turning bbolt's panics on damaged pages into ErrCorrupt, runs bbolt's
// consistency check, then reads every record through its codec.
//
// Backups (backup.go, backupdir.go, restore.go): DB.BackupTo copies the
// database in one read transaction while writers go on, then reads the copy
// back against its SHA-256, opens it and reads every record before it puts
// the copy and its .sha256 in place; DB.BackupToDir names backups by time
// and keeps the newest N; Restore checks a backup the same way, on a copy
// beside the database, before it replaces anything (ErrChecksum, ErrLocked).
//
// The bucket tree (names declared once, in buckets.go; missing ones created by
// Open in the transaction that runs the pending migrations of migrations.go):
//
//	meta
//	  "version"                     → 8-byte big-endian schema version
//	identities
//	  <channel>/<userID>            → bot.Identity (member, private chat, unreachable mark)
//	memberchats                     (reverse index of identities)
//	  <memberID>/<channel>/<userID> → empty
//	members
//	  <memberID>                    → bot.MemberState (language)
//	sessions
//	  <channel>/<chatID>            → bot.Session (key is ChatRef.Key())
//	reports                         (latest revision)
//	  <period>/<unit>               → bot.Report
//	revisions                       (every revision, never overwritten)
//	  <period>/<unit>/<seq>         → bot.Report (seq: 8-byte big-endian)
//	unitperiods                     (index for PreviousReport)
//	  <unit>/<period>               → 8-byte big-endian seq of the latest revision
//	outbox                          (pending messages; attachments by hash, without bytes)
//	  <id>                          → bot.Outgoing (id: 8-byte big-endian, bucket sequence)
//	outkeys                         (dedupe of keyed messages; kept after delivery, pruned)
//	  <Outgoing.Key>                → 8-byte big-endian outbox id, then 8-byte Unix
//	                                  nanoseconds of Outgoing.Created (absent: not known)
//	dead                            (dead letters; attachments by name and hash only)
//	  <id>                          → bot.DeadLetter (id: the message's outbox id)
//	outchats                        (index: each chat's pending messages in order)
//	  <channel>/<n><chatID><id>     → 8-byte due time (n: 4-byte length of chatID)
//	outdue                          (index: each chat's first pending message, by due time)
//	  <channel>/<due><id>           → the chat id (due: NotBefore in 8-byte Unix ns, 0: at once)
//	outblobs                        (outbox attachments, stored once)
//	  <sha256 hex>                  → the bytes (checked against the key when read)
//	outrefs                         (how many outbox rows refer to each of outblobs)
//	  <sha256 hex>                  → 8-byte big-endian count
//	offsets
//	  <channel>                     → 8-byte big-endian last processed update number,
//	                                  then 8-byte Unix nanoseconds of the newest update seen
//	inbound                         (dedupe of updates without a number)
//	  <channel>/<key>               → RFC3339 UTC time first seen
//	audit
//	  <RFC3339 UTC time>/<seq>      → bot.AuditEntry (seq: 8-byte big-endian)
//	invites                         (one-time registration codes)
//	  <sha256(code)>                → bot.Invite (key: 32 raw bytes; the code is never stored)
//	attempts                        (recent failures, for lockouts)
//	  <key>                         → bot.Attempts (key e.g. "invite/telegram/123")
//	jobs                            (scheduled jobs that ran)
//	  <job>/<period>                → RFC3339 UTC time it ran (e.g. "digest/2020-W38")
//	blobs                           (file contents, stored once: Zalo photos, linked files)
//	  <sha256 hex>                  → the bytes (checked against the key when read)
//	links                           (files the HTTP server hands out until they expire)
//	  <token>                       → bot.Link (unguessable token)
//	greeted                         (accounts told what the bot is and keeps)
//	  <channel>/<userID>            → RFC3339 UTC time
//	digests                         (the digests that were sent, for the web page's archive)
//	  <period>                      → bot.SentDigest (files by blob hash)
//	summaries                       (/tonghop requests not answered yet)
//	  <8-byte big-endian id>        → bot.SummaryRequest
//	roster                          (units, members, targets: seeded from the YAML, then the truth)
//	  "current"                     → bot.Roster
//	  "version"                     → 8-byte big-endian version, then the 4-byte CRC-32C of "current"
//	                                  (bot.RosterStamp): read alone, decoding nothing, to see a change
//	reopened                        (locked reports an admin reopened, for one revision; pruned once over)
//	  <period>/<unit>               → bot.Reopening
//	reviews                         (review state of each report: approved, returned)
//	  <period>/<unit>               → bot.ReviewRecord (every state change, who, when)
//
// The meta bucket also holds "webkey", the web page's signing key (32
// random bytes), and the inbound bucket the used sign-in links under
// "web/<nonce>".
//
// Schema version 4 built outchats and outdue for the pending messages and
// moved their attachments' bytes to outblobs. Schema version 5 added the
// roster bucket (empty until the bot seeds it from its YAML).
//
// The invites, attempts and jobs buckets came after schema version 1, and
// blobs, links and greeted after version 2, and digests, summaries, reviews and reopened after version 4, without a new version: Open creates missing buckets, so a version 1 file gains them the
// first time it is opened read-write (a read-only Open before that refuses
// the file for the missing bucket).
//
// Keys sort as bytes. Composite keys are "/"-separated and every part except
// the last must not contain "/" (channels, member IDs, unit codes and period
// keys never do; the store refuses them otherwise). Keys that are scanned by
// period start with the period key, so one period is one prefix range. Period
// keys are fixed width ("2020-W09", "2020-09"), so text order is time order.
// Integers in keys are 8-byte big-endian, never decimal text.
package store
