package store

import (
	"fmt"
	"time"

	"fieldbot/bot"
)

// Audit appends e to the audit log under its time (RFC3339, UTC) and the next
// audit sequence number, so entries sort by time and never collide.
func (t *tx) Audit(e bot.AuditEntry) error {
	b := t.bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return wrap("audit", err)
	}
	return wrap("audit", putJSON(b, auditKey(e.At, seq), e))
}

// auditKey is the RFC3339 UTC time, "/", and the 8-byte big-endian seq.
func auditKey(at time.Time, seq uint64) []byte {
	return append(prefix(at.UTC().Format(time.RFC3339)), u64(seq)...)
}

// AuditLog lists the audit log, oldest first (for tests and the checker;
// not part of bot.Tx).
func (t *tx) AuditLog() ([]bot.AuditEntry, error) {
	var out []bot.AuditEntry
	err := t.bucket(bucketAudit).ForEach(func(k, v []byte) error {
		var e bot.AuditEntry
		if err := decode(v, &e); err != nil {
			return fmt.Errorf("audit %q: %w", k, err)
		}
		out = append(out, e)
		return nil
	})
	return out, wrap("audit log", err)
}
