package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fieldbot/bot"
)

// PutReport stores r as the next revision of (r.Period, r.Unit), makes it the
// latest and points the unit's index at it. It sets r.Seq (1 for the first
// revision); earlier revisions are never overwritten. The r.Seq it is given
// is ignored: refusing a stale correction is the caller's decision.
func (t *tx) PutReport(r *bot.Report) error {
	if err := checkParts("period", r.Period, "unit", r.Unit); err != nil {
		return wrap("put report", err)
	}
	seq, err := t.lastRevision(r.Period, r.Unit)
	if err != nil {
		return wrap("put report", err)
	}
	rev := *r
	rev.Seq = seq + 1
	data := encodeReport(&rev)
	if err := t.bucket(bucketRevisions).Put(revisionKey(rev.Period, rev.Unit, rev.Seq), data); err != nil {
		return wrap("put report: revision", err)
	}
	if err := t.bucket(bucketReports).Put(key(rev.Period, rev.Unit), data); err != nil {
		return wrap("put report: latest", err)
	}
	if err := t.bucket(bucketUnitPeriods).Put(key(rev.Unit, rev.Period), u64(rev.Seq)); err != nil {
		return wrap("put report: index", err)
	}
	r.Seq = rev.Seq
	return nil
}

// lastRevision is the highest stored seq of (period, unit), 0 if none.
func (t *tx) lastRevision(period, unit string) (uint64, error) {
	p := prefix(period, unit)
	k, _ := lastWithPrefix(t.bucket(bucketRevisions).Cursor(), p)
	if k == nil {
		return 0, nil
	}
	seq, err := readU64(k[len(p):])
	if err != nil {
		return 0, errBadKey(bucketRevisions, k)
	}
	return seq, nil
}

// LatestReport is the newest revision of a unit's report for a period, or an
// error matching bot.ErrNotFound.
func (t *tx) LatestReport(period, unit string) (*bot.Report, error) {
	if err := checkParts("period", period, "unit", unit); err != nil {
		return nil, wrap("latest report", err)
	}
	r := new(bot.Report)
	ok, err := getReport(t.bucket(bucketReports), key(period, unit), r)
	switch {
	case err != nil:
		return nil, wrap("latest report "+period+"/"+unit, err)
	case !ok:
		return nil, notFound("latest report %s/%s", period, unit)
	}
	return r, nil
}

// PreviousReport is the latest revision of the unit's newest report in a
// period strictly before period, or an error matching bot.ErrNotFound. It
// seeks the unitperiods index and steps back once.
func (t *tx) PreviousReport(unit, period string) (*bot.Report, error) {
	if err := checkParts("unit", unit, "period", period); err != nil {
		return nil, wrap("previous report", err)
	}
	p := prefix(unit)
	k, v := seekBefore(t.bucket(bucketUnitPeriods).Cursor(), key(unit, period))
	if k == nil || !bytes.HasPrefix(k, p) {
		return nil, notFound("report of %s before %s", unit, period)
	}
	seq, err := readU64(v)
	if err != nil {
		return nil, wrap("previous report", fmt.Errorf("%w: index %q: %w", ErrCorrupt, k, err))
	}
	r, err := t.revision(string(k[len(p):]), unit, seq)
	return r, wrap("previous report", err)
}

// revision reads one stored revision; the caller knows it exists, so its
// absence is damage, not bot.ErrNotFound.
func (t *tx) revision(period, unit string, seq uint64) (*bot.Report, error) {
	r := new(bot.Report)
	ok, err := getReport(t.bucket(bucketRevisions), revisionKey(period, unit, seq), r)
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, fmt.Errorf("%w: revision %s/%s/%d is indexed but missing", ErrCorrupt, period, unit, seq)
	}
	return r, nil
}

// Revision reads revision seq of a unit's report for a period; an error
// matching bot.ErrNotFound when it is not stored.
func (t *tx) Revision(period, unit string, seq uint64) (*bot.Report, error) {
	if err := checkParts("period", period, "unit", unit); err != nil {
		return nil, wrap("revision", err)
	}
	r := new(bot.Report)
	ok, err := getReport(t.bucket(bucketRevisions), revisionKey(period, unit, seq), r)
	switch {
	case err != nil:
		return nil, wrap(fmt.Sprintf("revision %s/%s/%d", period, unit, seq), err)
	case !ok:
		return nil, notFound("revision %s/%s/%d", period, unit, seq)
	}
	return r, nil
}

// Revisions lists every revision of a unit's report for a period, oldest
// first; none is an empty list, not an error.
func (t *tx) Revisions(period, unit string) ([]bot.Report, error) {
	if err := checkParts("period", period, "unit", unit); err != nil {
		return nil, wrap("revisions", err)
	}
	out, err := scanReports(t.bucket(bucketRevisions), prefix(period, unit))
	return out, wrap("revisions "+period+"/"+unit, err)
}

// PeriodReports lists the latest revision of each unit's report for a period,
// ordered by unit code; it reads only that period's key range.
func (t *tx) PeriodReports(period string) ([]bot.Report, error) {
	if err := checkParts("period", period); err != nil {
		return nil, wrap("period reports", err)
	}
	out, err := scanReports(t.bucket(bucketReports), prefix(period))
	return out, wrap("period reports "+period, err)
}

// scanReports decodes every report whose key starts with p, in key order.
func scanReports(b *bolt.Bucket, p []byte) ([]bot.Report, error) {
	var out []bot.Report
	names := map[string]string{}
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var r bot.Report
		if err := decodeReportInterned(v, &r, names); err != nil {
			return nil, fmt.Errorf("%q: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// revisionKey is period/unit/ followed by the 8-byte big-endian seq.
func revisionKey(period, unit string, seq uint64) []byte {
	return append(prefix(period, unit), u64(seq)...)
}

// getReport decodes the report at key and reports whether it was there.
func getReport(b *bolt.Bucket, key []byte, r *bot.Report) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, decodeReport(data, r)
}

// ReportSpan is the first and the last period key holding a report ("",
// "" when there is none): the first and the last key of the reports
// bucket, whose keys start with the period.
func (t *tx) ReportSpan() (first, last string, err error) {
	c := t.bucket(bucketReports).Cursor()
	k, _ := c.First()
	if k == nil {
		return "", "", nil
	}
	first, ok := periodOf(k)
	if !ok {
		return "", "", wrap("report span", errBadKey(bucketReports, k))
	}
	k, _ = c.Last()
	if last, ok = periodOf(k); !ok {
		return "", "", wrap("report span", errBadKey(bucketReports, k))
	}
	return first, last, nil
}

// periodOf is the period part of a <period>/<unit> key.
func periodOf(k []byte) (string, bool) {
	i := bytes.IndexByte(k, '/')
	if i <= 0 {
		return "", false
	}
	return string(k[:i]), true
}
