package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// encode is the one value codec of the store: JSON, sealed with a
// checksum (see seal).
func encode(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return seal(sealedJSON, data), nil
}

// decode reads a value written by encode, checking its checksum; a record
// from before checksums (bare JSON, which a single damaged bit cannot make
// of a sealed one) is read as it is. json.Unmarshal copies what it keeps,
// so v never points into bbolt memory.
func decode(data []byte, v any) error {
	body := data
	if len(data) == 0 || data[0] != '{' {
		kind, b, err := unseal(data)
		if err != nil {
			return fmt.Errorf("decode %T: %w", v, err)
		}
		if kind != sealedJSON {
			return fmt.Errorf("decode %T: %w: not a JSON record (kind %#x)", v, ErrCorrupt, kind)
		}
		body = b
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode %T: %w: %w", v, ErrCorrupt, err)
	}
	return nil
}

// Every record the store writes is sealed: a kind byte, the CRC-32C of the
// body (4 bytes, big-endian), then the body. A damaged record is then an
// error that names it, never a silently wrong figure.
const (
	sealedJSON = 0xC5 // a JSON record
	sealedHead = 5
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// seal puts kind and the checksum before body.
func seal(kind byte, body []byte) []byte {
	b := make([]byte, 0, sealedHead+len(body))
	b = append(b, kind)
	b = binary.BigEndian.AppendUint32(b, crc32.Checksum(body, crcTable))
	return append(b, body...)
}

// unseal checks a sealed record and returns its kind and body (pointing
// into data).
func unseal(data []byte) (byte, []byte, error) {
	if len(data) < sealedHead {
		return 0, nil, fmt.Errorf("%w: record of %d bytes is too short", ErrCorrupt, len(data))
	}
	body := data[sealedHead:]
	if crc32.Checksum(body, crcTable) != binary.BigEndian.Uint32(data[1:sealedHead]) {
		return 0, nil, fmt.Errorf("%w: checksum mismatch: the record is damaged", ErrCorrupt)
	}
	return data[0], body, nil
}

// getJSON decodes the value at key into v and reports whether it was there.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, decode(data, v)
}

// putJSON encodes v and stores it at key.
func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := encode(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// u64 is the 8-byte big-endian form of n, for keys and counters.
func u64(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// readU64 reads a value written by u64.
func readU64(data []byte) (uint64, error) {
	if len(data) != 8 {
		return 0, fmt.Errorf("want an 8-byte integer, have %d bytes", len(data))
	}
	return binary.BigEndian.Uint64(data), nil
}

// key joins parts with "/" into a new key.
func key(parts ...string) []byte {
	return []byte(strings.Join(parts, "/"))
}

// prefix is key(parts...) followed by "/", the start of a range of longer keys.
func prefix(parts ...string) []byte {
	return append(key(parts...), '/')
}

// checkParts refuses key parts that are empty or contain "/": they would make
// one record's key a prefix of another's, or land in another range. Arguments
// come in pairs: what the part is, then its value.
func checkParts(nameValue ...string) error {
	for i := 0; i+1 < len(nameValue); i += 2 {
		name, v := nameValue[i], nameValue[i+1]
		if v == "" {
			return fmt.Errorf("empty %s", name)
		}
		if strings.Contains(v, "/") {
			return fmt.Errorf("%s %q contains \"/\"", name, v)
		}
	}
	return nil
}

// checkLast refuses an empty last key part; a last part may contain "/".
func checkLast(name, v string) error {
	if v == "" {
		return fmt.Errorf("empty %s", name)
	}
	return nil
}

// lastWithPrefix positions c on the last key that starts with p and returns
// it, or nil if there is none.
func lastWithPrefix(c *bolt.Cursor, p []byte) ([]byte, []byte) {
	k, v := seekBefore(c, upperBound(p))
	if k == nil || !bytes.HasPrefix(k, p) {
		return nil, nil
	}
	return k, v
}

// seekBefore positions c on the last key strictly before bound.
func seekBefore(c *bolt.Cursor, bound []byte) ([]byte, []byte) {
	if k, _ := c.Seek(bound); k == nil {
		return c.Last()
	}
	return c.Prev()
}

// upperBound is the smallest key greater than every key that starts with p
// (p must not be all 0xff bytes, which a "/"-terminated prefix never is).
func upperBound(p []byte) []byte {
	b := bytes.Clone(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] != 0xff {
			b[i]++
			return b[:i+1]
		}
	}
	return nil
}
