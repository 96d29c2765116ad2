package store

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"fieldbot/bot"
)

// jsonTexts are texts JSON escapes in every way it does.
var jsonTexts = []string{"", "a", "Xã Bản Thi", "<b>Câu 2/9</b> & 3", "\x00\x01\x1f\x7f\n\r\t\b\f\"\\/", "a\xffb\xc3",
	"\u2028\u2029", "🙂 emoji", "trailing\xe2\x80", "/baocao tuan 37"}

// jsonNumbers are floats at encoding/json's format edges.
var jsonNumbers = []float64{0, 1, -2.5, 12, 350.5, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, -1e21, 123456789.125,
	math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1 + 0.2}

type fill struct{ r *rand.Rand }

func (f fill) text() string { return jsonTexts[f.r.IntN(len(jsonTexts))] }

func (f fill) time() time.Time {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	switch f.r.IntN(5) {
	case 0:
		return time.Time{}
	case 1:
		return time.Now() // with a monotonic reading
	case 2:
		return time.Date(2020, 9, 14, 8, 30, 0, 123456789, hcm)
	case 3:
		return time.Unix(f.r.Int64N(4e9), f.r.Int64N(1e9)).UTC()
	}
	if f.r.IntN(2) == 0 {
		return time.Date(1900, 1, 1, 0, 0, 0, 0, hcm) // local mean time: an offset with seconds
	}
	return time.Date(2026, 12, 2, 23, 59, 59, 0, time.FixedZone("", -3*3600-1800))
}

func (f fill) texts() []string {
	switch n := f.r.IntN(4); n {
	case 0:
		return nil
	case 1:
		return []string{}
	default:
		var out []string
		for range n {
			out = append(out, f.text())
		}
		return out
	}
}

func (f fill) session() *bot.Session {
	r := f.r
	s := &bot.Session{Chat: bot.ChatRef{Channel: f.text(), ChatID: f.text()}, Member: f.text(), User: f.text(),
		Step: f.text(), Period: f.text(), Unit: f.text(), Field: r.IntN(3) - 1, FieldID: f.text(), Editing: r.IntN(2) == 0,
		Warned: r.IntN(2) == 0, Quick: f.text(), Fix: f.texts(), CarriedFrom: f.text(), CarriedAt: f.time(),
		Base: uint64(r.IntN(3)) * math.MaxUint64 / 2, Collect: f.text(), Nonce: f.text(), Updated: f.time(), Shown: f.time()}
	if n := r.IntN(4); n > 0 {
		s.Answers = map[string]bot.Value{}
		for range n - 1 {
			s.Answers[f.text()] = bot.Value{Num: jsonNumbers[r.IntN(len(jsonNumbers))], Text: f.text()}
		}
	}
	if n := r.IntN(4); n > 0 {
		s.Trail = []int{}
		for range n - 1 {
			s.Trail = append(s.Trail, r.IntN(20)-3)
		}
		s.Carried = map[string]bool{}
		for range n - 1 {
			s.Carried[f.text()] = r.IntN(2) == 0
		}
	}
	if r.IntN(2) == 0 {
		s.Inspect = &bot.Inspected{Period: f.text(), Unit: f.text(), Seq: uint64(r.IntN(5))}
	}
	return s
}

func (f fill) outgoing() *bot.Outgoing {
	r := f.r
	o := &bot.Outgoing{ID: uint64(r.IntN(9)), Chat: bot.ChatRef{Channel: f.text(), ChatID: f.text()}, User: f.text(),
		Text: f.text(), EditMessageID: f.text(), AnswerCallback: f.text(), RequestContact: f.text(),
		RemoveKeyboard: r.IntN(2) == 0, Key: f.text(), Created: f.time(), Attempts: r.IntN(3), NotBefore: f.time()}
	if n := r.IntN(4); n > 0 {
		o.Buttons = []bot.Button{}
		for range n - 1 {
			o.Buttons = append(o.Buttons, bot.Button{Number: r.IntN(3) - 1, Command: f.text(), Label: f.text(), Data: f.text()})
		}
		o.Attach = []bot.Attachment{}
		for range n - 1 {
			a := bot.Attachment{Name: f.text(), Photo: r.IntN(2) == 0, Hash: f.text(), URL: f.text()}
			switch r.IntN(3) {
			case 1:
				a.Data = []byte{}
			case 2:
				a.Data = []byte(f.text() + "\x00\xff")
			}
			o.Attach = append(o.Attach, a)
		}
	}
	return o
}

// The hand encoders write exactly what json.Marshal writes, for values
// with every field set or empty in every way, and fail where it fails.
func TestFastJSONIsMarshal(t *testing.T) {
	f := fill{rand.New(rand.NewPCG(1, 2))}
	for i := range 3000 {
		s := f.session()
		want, werr := json.Marshal(s)
		got, gerr := appendSession(nil, s)
		if (werr != nil) != (gerr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("session %d:\n got %s (%v)\nwant %s (%v)", i, got, gerr, want, werr)
		}
		o := f.outgoing()
		want, werr = json.Marshal(o)
		got, gerr = appendOutgoing(nil, o)
		if (werr != nil) != (gerr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("outgoing %d:\n got %s (%v)\nwant %s (%v)", i, got, gerr, want, werr)
		}
	}
	bad := []*bot.Session{{Answers: map[string]bot.Value{"x": {Num: math.NaN()}}},
		{Updated: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, {Updated: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Updated: time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))}}
	for _, s := range bad {
		if _, err := appendSession(nil, s); err == nil {
			t.Errorf("no error for %+v, which json.Marshal refuses", s)
		}
	}
}

// FuzzJSONString: a text is quoted exactly as json.Marshal quotes it.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsonString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("jsonString(%q) = %s, json.Marshal gives %s", s, got, want)
		}
	})
}

// BenchmarkEncodeSession: a session in the middle of a report, by
// json.Marshal and by hand (what PutSession does at every update).
func BenchmarkEncodeSession(b *testing.B) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	s := &bot.Session{Chat: bot.ChatRef{Channel: "telegram", ChatID: "70001"}, Member: "bench-01", Step: bot.StepField,
		Period: "2026-W49", Unit: "ban-thi", Field: 6, FieldID: "p135_infra_works", Trail: []int{0, 1, 2, 3, 4, 5},
		Answers: map[string]bot.Value{"households_out": {Num: 12}, "p135_disbursed": {Num: 350.5}, "rating": {Num: 1},
			"difficulties": {Text: "Mưa kéo dài"}, "proposals": {}, "photos": {}},
		Nonce: "k3x9", Updated: time.Now().In(hcm)}
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			if _, err := encode(s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			if _, err := encodeSession(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
