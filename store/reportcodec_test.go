package store

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"fieldbot/bot"
)

func sampleReport() *bot.Report {
	return &bot.Report{Period: "2020-W38", Unit: "bang-lung", Seq: 3, Member: "nguyen-van-an", Channel: "telegram",
		At: time.Date(2020, 9, 17, 8, 30, 0, 123, time.UTC),
		Values: map[string]bot.Value{
			"households_escaped": {Num: 12},
			"p3_disbursed":       {Num: 160.5},
			"negative":           {Num: -0.25},
			"progress":           {Text: "on_track"},
			"difficulties":       {Text: "Mưa lũ kéo dài, “01 công trình” chậm thi công.\nDòng hai."},
			"both":               {Num: 1, Text: "x"},
			"zero":               {},
		},
		Changed: []string{"households_escaped", "difficulties"}}
}

func TestReportCodecRoundTrip(t *testing.T) {
	for _, r := range []*bot.Report{sampleReport(), {Period: "2020-09", Unit: "u", Values: map[string]bot.Value{}}} {
		var got bot.Report
		if err := decodeReport(encodeReport(r), &got); err != nil {
			t.Fatal(err)
		}
		if !got.At.Equal(r.At) {
			t.Errorf("at = %v, want %v", got.At, r.At)
		}
		got.At = r.At
		if !reflect.DeepEqual(&got, r) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, *r)
		}
	}
}

// TestReportCodecReadsJSON keeps databases written before the binary format readable.
func TestReportCodecReadsJSON(t *testing.T) {
	r := sampleReport()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got bot.Report
	if err := decodeReport(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Values["difficulties"] != r.Values["difficulties"] || got.Seq != 3 {
		t.Errorf("from JSON: %+v", got)
	}
}

func TestReportCodecRefusesDamage(t *testing.T) {
	good := encodeReport(sampleReport())
	for _, data := range [][]byte{nil, {0x00}, {reportV1}, good[:len(good)/2], append([]byte{reportV1}, 0xff, 0xff, 0xff, 0xff, 0x0f)} {
		var r bot.Report
		if err := decodeReport(data, &r); !errors.Is(err, ErrCorrupt) {
			t.Errorf("decode %x: err = %v, want ErrCorrupt", data, err)
		}
	}
}

func FuzzDecodeReport(f *testing.F) {
	f.Add(encodeReport(sampleReport()))
	f.Add([]byte{reportV1, 1, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		var r bot.Report
		if err := decodeReport(data, &r); err != nil || len(data) == 0 || data[0] != reportV1 {
			return
		}
		var again bot.Report
		if err := decodeReport(encodeReport(&r), &again); err != nil {
			t.Fatalf("re-encoding a decoded report fails: %v", err)
		}
		for k, v := range r.Values {
			if w := again.Values[k]; w.Text != v.Text || math.Float64bits(w.Num) != math.Float64bits(v.Num) && !(v.Num == 0 && w.Num == 0) {
				t.Fatalf("value %q changed: %+v → %+v", k, v, w)
			}
		}
	})
}
