package store

import "fieldbot/bot"

// Reopening returns the reopening of a locked unit's report for a period.
func (t *tx) Reopening(period, unit string) (bot.Reopening, error) {
	var r bot.Reopening
	if err := checkParts("period", period, "unit", unit); err != nil {
		return r, wrap("reopening", err)
	}
	b := t.bucket(bucketReopened)
	if b == nil { // a file of the version before, opened read-only: none
		return r, wrap("reopening "+period+"/"+unit, bot.ErrNotFound)
	}
	found, err := getJSON(b, key(period, unit), &r)
	if err != nil {
		return bot.Reopening{}, wrap("reopening "+period+"/"+unit, err)
	}
	if !found {
		return r, wrap("reopening "+period+"/"+unit, bot.ErrNotFound)
	}
	return r, nil
}

// PutReopening stores r, replacing an earlier reopening of its report.
func (t *tx) PutReopening(r bot.Reopening) error {
	if err := checkParts("period", r.Period, "unit", r.Unit); err != nil {
		return wrap("put reopening", err)
	}
	return wrap("put reopening "+r.Period+"/"+r.Unit, putJSON(t.bucket(bucketReopened), key(r.Period, r.Unit), r))
}

// DeleteReopening removes the reopening of a unit's report for a period.
func (t *tx) DeleteReopening(period, unit string) error {
	if err := checkParts("period", period, "unit", unit); err != nil {
		return wrap("delete reopening", err)
	}
	return wrap("delete reopening "+period+"/"+unit, t.bucket(bucketReopened).Delete(key(period, unit)))
}
