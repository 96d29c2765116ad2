package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"fieldbot/bot"
)

// RequestSummary records a /tonghop to be answered after the turn commits,
// setting r.ID to a new number.
func (t *tx) RequestSummary(r *bot.SummaryRequest) error {
	if err := checkChat(r.Chat); err != nil {
		return wrap("request summary", err)
	}
	b := t.bucket(bucketSummaries)
	id, err := b.NextSequence()
	if err != nil {
		return wrap("request summary", err)
	}
	r.ID = id
	return wrap(fmt.Sprintf("request summary %d", id), putJSON(b, u64(id), r))
}

// SummaryRequests lists the recorded requests, oldest first. A damaged
// record does not hide the others: they are returned with an error that
// names it.
func (t *tx) SummaryRequests() ([]bot.SummaryRequest, error) {
	var out []bot.SummaryRequest
	var damaged []error
	err := t.bucket(bucketSummaries).ForEach(func(k, v []byte) error {
		var r bot.SummaryRequest
		if err := decode(v, &r); err != nil || len(k) != 8 {
			if err == nil {
				err = fmt.Errorf("%w: a key of %d bytes", ErrCorrupt, len(k))
			}
			damaged = append(damaged, wrap(fmt.Sprintf("summary request %x", k), err))
			return nil
		}
		r.ID = binary.BigEndian.Uint64(k)
		out = append(out, r)
		return nil
	})
	return out, errors.Join(append(damaged, err)...)
}

// DeleteSummaryRequest removes request id and reports whether it was there.
func (t *tx) DeleteSummaryRequest(id uint64) (bool, error) {
	b, k := t.bucket(bucketSummaries), u64(id)
	if b.Get(k) == nil {
		return false, nil
	}
	return true, wrap(fmt.Sprintf("delete summary request %d", id), b.Delete(k))
}
