package store

import (
	"bytes"
	"encoding/binary"
	"testing"

	"fieldbot/bot"
)

// fuzzRecords are record bodies as the store writes them, to seed the store
// fuzz targets.
var fuzzRecords = []string{
	`{"member":"lan","chat":"7","unreachable":"blocked","unreachable_at":"2020-09-16T09:00:00+07:00"}`,
	`{"member":"lan"}`,
	`{"chat":{"channel":"telegram","chat_id":"7"},"user":"7","text":"Xin chào","buttons":[{"label":"1","data":"n:1","number":1}],"key":"remind/2020-W38/lan","created":"2020-09-16T02:00:00Z","attempts":2}`,
	`{"chat":{"channel":"console","chat_id":"hung"},"member":"hung","step":"field","period":"2020-W38","unit":"cao-son","field":3,"answers":{"households":{"num":3}},"trail":[0,1,2],"nonce":"abcde","updated":"2020-09-16T09:00:00+07:00"}`,
	`{"member":"lan","created":"2020-09-16T09:00:00Z","expires":"2020-09-23T09:00:00Z","used_by":"telegram/7"}`,
	`{}`, `{"member":null}`, `{"created":"not a time"}`, `{"field":1e400}`, `[]`, `null`, ``,
}

// fuzzDecodeAll decodes data into each kind of record the store keeps and,
// for each that decodes, checks that encoding it and decoding that again
// is a fixpoint (the second encoding equals the first).
func fuzzDecodeAll(t *testing.T, data []byte) {
	t.Helper()
	check := func(name string, v, again any) {
		if decode(data, v) != nil {
			return
		}
		enc, err := encode(v)
		if err != nil {
			t.Fatalf("%s: re-encoding a decoded record fails: %v", name, err)
		}
		if err := decode(enc, again); err != nil {
			t.Fatalf("%s: decoding a re-encoded record fails: %v\n%q", name, err, enc)
		}
		enc2, err := encode(again)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("%s: encode/decode is not a fixpoint:\n%q\n%q (%v)", name, enc, enc2, err)
		}
	}
	check("identity", new(bot.Identity), new(bot.Identity))
	check("outgoing", new(bot.Outgoing), new(bot.Outgoing))
	check("session", new(bot.Session), new(bot.Session))
	check("invite", new(bot.Invite), new(bot.Invite))
	check("dead letter", new(bot.DeadLetter), new(bot.DeadLetter))
}

// FuzzDecodeRecord feeds decode any bytes, and also the same bytes sealed
// with a valid checksum (which the fuzzer could not forge): it never
// panics, a sealed body decodes exactly when it decodes bare, and every
// record type that decodes re-encodes to a fixpoint.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range fuzzRecords {
		f.Add([]byte(s))
		f.Add(seal(sealedJSON, []byte(s)))
	}
	f.Add([]byte{sealedJSON, 0, 0, 0})
	f.Add(seal(0x01, []byte(`{}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDecodeAll(t, data)
		sealed := seal(sealedJSON, data)
		fuzzDecodeAll(t, sealed)
		var bare, inSeal bot.Session
		errBare, errSeal := decode(data, &bare), decode(sealed, &inSeal)
		if len(data) > 0 && data[0] == '{' && (errBare == nil) != (errSeal == nil) {
			t.Fatalf("bare %v, sealed %v", errBare, errSeal)
		}
		if len(data) > 0 && data[0] != '{' && errBare == nil && data[0] != sealedJSON {
			t.Fatalf("a record of kind %#x decoded", data[0])
		}
	})
}

// FuzzDecodeIdentity checks decodeIdentity on any key and value: it never
// panics, and an identity it reads carries the key's channel and user and
// a chat (the user's own id when the record has none).
func FuzzDecodeIdentity(f *testing.F) {
	for _, s := range fuzzRecords {
		f.Add("telegram", "7", seal(sealedJSON, []byte(s)))
		f.Add("zalo", "abc", []byte(s))
	}
	f.Fuzz(func(t *testing.T, channel, userID string, v []byte) {
		id, err := decodeIdentity(channel, userID, v)
		if err != nil {
			return
		}
		if id.Channel != channel || id.UserID != userID {
			t.Fatalf("identity %+v for %s/%s", id, channel, userID)
		}
		if id.Chat == "" && userID != "" {
			t.Fatalf("identity %+v has no chat", id)
		}
		if id.Key() != channel+"/"+userID {
			t.Fatalf("key %q", id.Key())
		}
	})
}

// FuzzDecodeOutgoing checks decodeOutgoing on any key and value: it never
// panics, refuses keys that are not 8 bytes, and an outbox row it reads
// has the key's sequence number as its ID.
func FuzzDecodeOutgoing(f *testing.F) {
	for i, s := range fuzzRecords {
		f.Add(u64(uint64(i+1)), seal(sealedJSON, []byte(s)))
		f.Add([]byte("short"), []byte(s))
	}
	f.Fuzz(func(t *testing.T, k, v []byte) {
		o, err := decodeOutgoing(k, v)
		if len(k) != 8 {
			if err == nil {
				t.Fatalf("key of %d bytes accepted", len(k))
			}
			return
		}
		if err != nil {
			return
		}
		if o.ID != binary.BigEndian.Uint64(k) {
			t.Fatalf("ID %d for key %x", o.ID, k)
		}
	})
}
