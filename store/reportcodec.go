package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"fieldbot/bot"
)

// Reports are the one record a digest reads by the ten thousand, so they
// have a compact binary encoding instead of the store's JSON: decoding is
// several times faster and needs no reflection. Records written as JSON by
// earlier versions (they start with '{') are still read.
//
//	0xB1 (version) · period · unit · member · channel · seq (uvarint)
//	· at (varint Unix seconds, uvarint nanoseconds) · value count (uvarint)
//	· for each value: field id · flags (1 number, 2 text) · [8-byte float64] · [text]
//	· changed count (uvarint) · changed field ids
//	· [flags (uvarint; 1: late), only when not 0]
//
// Strings are a uvarint length and the bytes. Stored, the record is sealed
// (kind reportV2 and a checksum before it; see seal); unsealed v1 records of
// earlier versions are still read, and must end exactly where they should.
const (
	reportV1 = 0xB1
	reportV2 = 0xB2
)

// encodeReport encodes r in the binary format, sealed.
func encodeReport(r *bot.Report) []byte { return seal(reportV2, encodeReportV1(r)) }

// encodeReportV1 is the unsealed binary record.
func encodeReportV1(r *bot.Report) []byte {
	b := make([]byte, 0, 64+24*len(r.Values))
	b = append(b, reportV1)
	for _, s := range []string{r.Period, r.Unit, r.Member, r.Channel} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, r.Seq)
	b = binary.AppendVarint(b, r.At.Unix())
	b = binary.AppendUvarint(b, uint64(r.At.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(r.Values)))
	for _, id := range sortedKeys(r.Values) {
		v := r.Values[id]
		b = appendString(b, id)
		var flags byte
		if v.Num != 0 {
			flags |= 1
		}
		if v.Text != "" {
			flags |= 2
		}
		b = append(b, flags)
		if flags&1 != 0 {
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(v.Num))
		}
		if flags&2 != 0 {
			b = appendString(b, v.Text)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.Changed)))
	for _, id := range r.Changed {
		b = appendString(b, id)
	}
	if r.Late { // records without the flags (every earlier one) read as not late
		b = binary.AppendUvarint(b, reportLate)
	}
	return b
}

// reportLate is the flag of a late report.
const reportLate = 1

// decodeReport reads a report in either encoding; it never keeps a
// reference to data.
func decodeReport(data []byte, r *bot.Report) error { return decodeReportInterned(data, r, nil) }

// decodeReportInterned is decodeReport sharing field-ID strings through
// names across the reports of one scan (20 fields × 10,000 reports would
// otherwise be 200,000 identical small strings).
func decodeReportInterned(data []byte, r *bot.Report, names map[string]string) error {
	if len(data) > 0 && data[0] == '{' {
		return decode(data, r)
	}
	if len(data) > 0 && data[0] == reportV2 {
		_, body, err := unseal(data)
		if err != nil {
			return fmt.Errorf("decode report: %w", err)
		}
		data = body
	}
	d := reader{b: data}
	if d.byte() != reportV1 {
		return fmt.Errorf("decode report: %w: unknown encoding", ErrCorrupt)
	}
	r.Period, r.Unit, r.Member, r.Channel = d.string(), d.string(), d.string(), d.string()
	r.Seq = d.uvarint()
	sec := d.varint()
	r.At = time.Unix(sec, int64(d.uvarint()%1e9)).UTC()
	n := d.count()
	r.Values = make(map[string]bot.Value, n)
	for range n {
		id := d.name(names)
		flags := d.byte()
		var v bot.Value
		if flags&1 != 0 {
			v.Num = math.Float64frombits(d.uint64())
		}
		if flags&2 != 0 {
			v.Text = d.string()
		}
		r.Values[id] = v
	}
	if n := d.count(); n > 0 {
		r.Changed = make([]string, n)
		for i := range r.Changed {
			r.Changed[i] = d.string()
		}
	}
	if d.err == nil && len(d.b) != 0 {
		r.Late = d.uvarint()&reportLate != 0
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes after the record", len(d.b))
	}
	if d.err != nil {
		return fmt.Errorf("decode report: %w: %w", ErrCorrupt, d.err)
	}
	return nil
}

// sortedKeys makes the encoding deterministic.
func sortedKeys(m map[string]bot.Value) []string { return slices.Sorted(maps.Keys(m)) }

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads the binary format; the first error sticks and later reads
// return zero values, so decoding never panics on damaged data.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("record too short")

func (d *reader) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *reader) byte() byte {
	if len(d.b) < 1 {
		d.fail(errShort)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *reader) uint64() uint64 {
	if len(d.b) < 8 {
		d.fail(errShort)
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *reader) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *reader) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in what is left.
func (d *reader) count() int {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return 0
	}
	return int(n)
}

// name reads a string, reusing the copy in names when there is one.
func (d *reader) name(names map[string]string) string {
	b := d.bytes()
	if names == nil {
		return string(b)
	}
	if s, ok := names[string(b)]; ok {
		return s
	}
	s := string(b)
	names[s] = s
	return s
}

func (d *reader) string() string { return string(d.bytes()) }

// bytes reads a length-prefixed run of bytes; the slice points into the
// record, so callers copy what they keep.
func (d *reader) bytes() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}
