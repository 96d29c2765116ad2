package store

import (
	"bytes"
	"fmt"

	"fieldbot/bot"
)

// Review returns the review record of (period, unit), or an error matching
// bot.ErrNotFound.
func (t *tx) Review(period, unit string) (*bot.ReviewRecord, error) {
	if err := checkParts("period", period, "unit", unit); err != nil {
		return nil, wrap("review", err)
	}
	b := t.bucket(bucketReviews)
	if b == nil { // a file read before it had the bucket (optionalBuckets)
		return nil, notFound("review %s/%s", period, unit)
	}
	rec := new(bot.ReviewRecord)
	ok, err := getJSON(b, key(period, unit), rec)
	switch {
	case err != nil:
		return nil, wrap("review "+period+"/"+unit, err)
	case !ok:
		return nil, notFound("review %s/%s", period, unit)
	}
	return rec, nil
}

// PutReview replaces the review record of (rec.Period, rec.Unit).
func (t *tx) PutReview(rec *bot.ReviewRecord) error {
	if err := checkParts("period", rec.Period, "unit", rec.Unit); err != nil {
		return wrap("put review", err)
	}
	return wrap("put review "+rec.Period+"/"+rec.Unit, putJSON(t.bucket(bucketReviews), key(rec.Period, rec.Unit), rec))
}

// PeriodReviews lists the review records of a period, by unit code; it
// reads only that period's key range.
func (t *tx) PeriodReviews(period string) ([]bot.ReviewRecord, error) {
	if err := checkParts("period", period); err != nil {
		return nil, wrap("period reviews", err)
	}
	var out []bot.ReviewRecord
	b := t.bucket(bucketReviews)
	if b == nil { // a file read before it had the bucket (optionalBuckets)
		return nil, nil
	}
	p := prefix(period)
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		var rec bot.ReviewRecord
		if err := decode(v, &rec); err != nil {
			return nil, wrap("period reviews", fmt.Errorf("%q: %w", k, err))
		}
		out = append(out, rec)
	}
	return out, nil
}
