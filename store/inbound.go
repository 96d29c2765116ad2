package store

import "time"

// Offset is a channel's last processed update number; 0 for a channel never
// seen.
func (t *tx) Offset(channel string) (uint64, error) {
	if err := checkLast("channel", channel); err != nil {
		return 0, wrap("offset", err)
	}
	v := t.bucket(bucketOffsets).Get([]byte(channel))
	if v == nil {
		return 0, nil
	}
	n, err := readU64(v)
	return n, wrap("offset "+channel, err)
}

// SetOffset records a channel's last processed update number.
func (t *tx) SetOffset(channel string, seq uint64) error {
	if err := checkLast("channel", channel); err != nil {
		return wrap("set offset", err)
	}
	return wrap("set offset "+channel, t.bucket(bucketOffsets).Put([]byte(channel), u64(seq)))
}

// SeenInbound reports whether an inbound dedupe key was recorded before; if
// not, it records it with the time at (RFC3339, UTC). Recorded keys are kept.
func (t *tx) SeenInbound(channel, key string, at time.Time) (bool, error) {
	if err := checkParts("channel", channel); err != nil {
		return false, wrap("seen inbound", err)
	}
	if err := checkLast("inbound key", key); err != nil {
		return false, wrap("seen inbound", err)
	}
	b, k := t.bucket(bucketInbound), []byte(channel+"/"+key)
	if b.Get(k) != nil {
		return true, nil
	}
	return false, wrap("seen inbound "+channel, b.Put(k, []byte(at.UTC().Format(time.RFC3339))))
}
