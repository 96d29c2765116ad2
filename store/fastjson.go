package store

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbot/bot"
)

// The two records written at every update, a chat's session and an outbox
// row, are encoded by hand: encoding/json's reflection was the larger part
// of writing them, on the poller's path. The bytes are exactly those
// json.Marshal gives (same field order, omitempty, escaping, numbers,
// times), which TestFastJSONIsMarshal checks on random values, so records
// written either way read back the same and decode with encoding/json.

// encodeSession is encode(s), by hand.
func encodeSession(s *bot.Session) ([]byte, error) {
	b, err := appendSession(make([]byte, sealedHead, 512), s)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", s, err)
	}
	return sealInPlace(b), nil
}

// encodeOutgoing is encode(o), by hand.
func encodeOutgoing(o *bot.Outgoing) ([]byte, error) {
	b, err := appendOutgoing(make([]byte, sealedHead, 320+len(o.Text)), o)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", o, err)
	}
	return sealInPlace(b), nil
}

// sealInPlace is seal(sealedJSON, b[sealedHead:]) written into b's own
// first sealedHead bytes, which were left for it.
func sealInPlace(b []byte) []byte {
	b[0] = sealedJSON
	binary.BigEndian.PutUint32(b[1:sealedHead], crc32.Checksum(b[sealedHead:], crcTable))
	return b
}

func appendSession(b []byte, s *bot.Session) ([]byte, error) {
	var err error
	b = append(b, `{"chat":`...)
	b = appendChat(b, s.Chat)
	b = appendKey(b, "member", s.Member)
	b = appendKeyOmit(b, "user", s.User)
	b = appendKey(b, "step", s.Step)
	b = appendKeyOmit(b, "period", s.Period)
	b = appendKeyOmit(b, "unit", s.Unit)
	if s.Field != 0 {
		b = strconv.AppendInt(append(b, `,"field":`...), int64(s.Field), 10)
	}
	b = appendKeyOmit(b, "field_id", s.FieldID)
	if len(s.Answers) > 0 {
		b = append(b, `,"answers":{`...)
		for i, k := range slices.Sorted(maps.Keys(s.Answers)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(jsonString(b, k), ':')
			if b, err = appendValue(b, s.Answers[k]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	b = appendList(b, "trail", s.Trail, func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) })
	if s.Editing {
		b = append(b, `,"editing":true`...)
	}
	if s.Warned {
		b = append(b, `,"warned":true`...)
	}
	b = appendKeyOmit(b, "quick", s.Quick)
	b = appendList(b, "fix", s.Fix, jsonString)
	if len(s.Carried) > 0 {
		b = append(b, `,"carried":{`...)
		for i, k := range slices.Sorted(maps.Keys(s.Carried)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendBool(append(jsonString(b, k), ':'), s.Carried[k])
		}
		b = append(b, '}')
	}
	b = appendKeyOmit(b, "carried_from", s.CarriedFrom)
	if !s.CarriedAt.IsZero() {
		if b, err = appendTime(append(b, `,"carried_at":`...), s.CarriedAt); err != nil {
			return nil, err
		}
	}
	if s.Base != 0 {
		b = strconv.AppendUint(append(b, `,"base":`...), s.Base, 10)
	}
	b = appendKeyOmit(b, "collect", s.Collect)
	if in := s.Inspect; in != nil {
		b = append(b, `,"inspect":{"period":`...)
		b = jsonString(b, in.Period)
		b = appendKey(b, "unit", in.Unit)
		b = strconv.AppendUint(append(b, `,"seq":`...), in.Seq, 10)
		b = append(b, '}')
	}
	b = appendKey(b, "nonce", s.Nonce)
	if b, err = appendTime(append(b, `,"updated":`...), s.Updated); err != nil {
		return nil, err
	}
	if !s.Shown.IsZero() {
		if b, err = appendTime(append(b, `,"shown":`...), s.Shown); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendOutgoing(b []byte, o *bot.Outgoing) ([]byte, error) {
	var err error
	b = append(b, `{"chat":`...)
	b = appendChat(b, o.Chat)
	b = appendKeyOmit(b, "user", o.User)
	b = appendKey(b, "text", o.Text)
	b = appendList(b, "buttons", o.Buttons, appendButton)
	b = appendList(b, "attach", o.Attach, appendAttachment)
	b = appendKeyOmit(b, "edit", o.EditMessageID)
	b = appendKeyOmit(b, "answer", o.AnswerCallback)
	b = appendKeyOmit(b, "contact", o.RequestContact)
	if o.RemoveKeyboard {
		b = append(b, `,"rmkb":true`...)
	}
	b = appendKeyOmit(b, "key", o.Key)
	if b, err = appendTime(append(b, `,"created":`...), o.Created); err != nil {
		return nil, err
	}
	if o.Attempts != 0 {
		b = strconv.AppendInt(append(b, `,"attempts":`...), int64(o.Attempts), 10)
	}
	if b, err = appendTime(append(b, `,"not_before":`...), o.NotBefore); err != nil { // omitempty keeps a struct
		return nil, err
	}
	return append(b, '}'), nil
}

func appendChat(b []byte, c bot.ChatRef) []byte {
	b = jsonString(append(b, `{"channel":`...), c.Channel)
	b = appendKey(b, "chat", c.ChatID)
	return append(b, '}')
}

// appendList is `,"key":[…]` with each element written by each, or
// nothing for an empty list (omitempty).
func appendList[T any](b []byte, key string, xs []T, each func([]byte, T) []byte) []byte {
	if len(xs) == 0 {
		return b
	}
	b = append(append(append(b, `,"`...), key...), `":[`...)
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}

// appendButton is a bot.Button.
func appendButton(b []byte, bt bot.Button) []byte {
	b = append(b, '{')
	if bt.Number != 0 {
		b = append(strconv.AppendInt(append(b, `"n":`...), int64(bt.Number), 10), ',')
	}
	if bt.Command != "" {
		b = append(jsonString(append(b, `"cmd":`...), bt.Command), ',')
	}
	b = jsonString(append(b, `"label":`...), bt.Label)
	b = appendKey(b, "data", bt.Data)
	return append(b, '}')
}

// appendAttachment is a bot.Attachment.
func appendAttachment(b []byte, a bot.Attachment) []byte {
	b = jsonString(append(b, `{"name":`...), a.Name)
	if a.Photo {
		b = append(b, `,"photo":true`...)
	}
	if len(a.Data) > 0 {
		b = append(b, `,"data":"`...)
		b = base64.StdEncoding.AppendEncode(b, a.Data)
		b = append(b, '"')
	}
	b = appendKeyOmit(b, "hash", a.Hash)
	b = appendKeyOmit(b, "url", a.URL)
	return append(b, '}')
}

// appendValue is a bot.Value: {"n":…,"t":…}, each left out when empty.
func appendValue(b []byte, v bot.Value) ([]byte, error) {
	b = append(b, '{')
	if v.Num != 0 {
		var err error
		if b, err = jsonFloat(append(b, `"n":`...), v.Num); err != nil {
			return nil, err
		}
		if v.Text != "" {
			b = append(b, ',')
		}
	}
	if v.Text != "" {
		b = jsonString(append(b, `"t":`...), v.Text)
	}
	return append(b, '}'), nil
}

// appendKey is `,"key":"value"`.
func appendKey(b []byte, key, value string) []byte {
	b = append(append(append(b, ',', '"'), key...), '"', ':')
	return jsonString(b, value)
}

// appendKeyOmit is appendKey, or nothing for an empty value (omitempty).
func appendKeyOmit(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	return appendKey(b, key, value)
}

// appendTime is a time as time.Time's MarshalJSON writes it: RFC 3339
// with nanoseconds; a time RFC 3339 cannot hold (a year past 9999, an
// offset of 24 hours or more) is MarshalJSON's error.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	n0 := len(b) + 1
	b = t.AppendFormat(append(b, '"'), time.RFC3339Nano)
	strict := len(b) > n0+4 && b[n0+4] == '-'
	if n := len(b); strict && b[n-1] != 'Z' {
		c := b[n-6]
		strict = !('0' <= c && c <= '9') && 10*(b[n-5]-'0')+(b[n-4]-'0') < 24
	}
	if !strict {
		_, err := t.MarshalJSON()
		if err == nil {
			err = fmt.Errorf("json: time %s is not RFC 3339", b[n0:])
		}
		return nil, err
	}
	return append(b, '"'), nil
}

// jsonFloat is f as encoding/json writes a float64 (as ES6 does).
func jsonFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format, abs := byte('f'), math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1] // e-09 → e-9
		b = b[:n-1]
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// jsonString is s quoted as encoding/json quotes it, HTML escaping on: <,
// > and & as \u003c…, control characters escaped, bytes that are not UTF-8
// as \ufffd, U+2028 and U+2029 escaped.
func jsonString(b []byte, s string) []byte {
	if utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029") {
		return jsonValidString(b, s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = escapeASCII(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(b, s[start:]...), '"')
}

// jsonValidString is jsonString for a UTF-8 text without U+2028 or U+2029:
// only ASCII bytes may need escaping.
func jsonValidString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
			continue
		}
		b = escapeASCII(append(b, s[start:i]...), c)
		start = i + 1
	}
	return append(append(b, s[start:]...), '"')
}

// escapeASCII appends the escape of an ASCII byte JSON (HTML escaping on)
// does not write as it is.
func escapeASCII(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}
