package i18n

import (
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	type moneyCase struct {
		in    string
		scale float64
		want  float64
		key   string
	}
	const tr = 1e6 // a field counted in triệu đồng
	cases := map[Lang][]moneyCase{
		VI: {
			{in: "150 triệu", scale: tr, want: 150},
			{in: "150triệu", scale: tr, want: 150},
			{in: "150 trieu", scale: tr, want: 150},
			{in: "150 TRIỆU", scale: tr, want: 150},
			{in: "150tr", scale: tr, want: 150},
			{in: "150 tr.", scale: tr, want: 150},
			{in: "1,5 tỷ", scale: tr, want: 1500},
			{in: "1,5 tỉ", scale: tr, want: 1500},
			{in: "1,5ty", scale: tr, want: 1500},
			{in: "350,5", scale: tr, want: 350.5},
			{in: "5.989,0", scale: tr, want: 5989},
			{in: "500 nghìn", scale: tr, want: 0.5},
			{in: "500 ngàn", scale: tr, want: 0.5},
			{in: "500k", scale: tr, want: 0.5},
			{in: "500K", scale: tr, want: 0.5},
			{in: "500kđ", scale: tr, want: 0.5},
			{in: "1.500.000.000 đồng", scale: tr, want: 1500},
			{in: "1.500.000.000đ", scale: tr, want: 1500},
			{in: "1.500.000.000 VNĐ", scale: tr, want: 1500},
			{in: "1.500.000.000 vnd", scale: tr, want: 1500},
			{in: "1.500.000.000₫", scale: tr, want: 1500},
			{in: "150 triệu đồng", scale: tr, want: 150},
			{in: "150 triệuđồng", scale: tr, want: 150},
			{in: "1 tỷ 500 triệu", scale: tr, want: 1500},
			{in: "1 tỷ, 500 triệu", scale: tr, want: 1500},
			{in: "1tỷ500tr", scale: tr, want: 1500},
			{in: "1 tỷ 500 triệu đồng", scale: tr, want: 1500},
			{in: "2 triệu 300 nghìn 500 đồng", scale: tr, want: 2.3005},
			{in: "1 tỷ 2,5 triệu", scale: tr, want: 1002.5},
			{in: "1 tỷ 999 triệu 999 nghìn", scale: tr, want: 1999.999},
			{in: "2 tỷ rưỡi", scale: tr, want: 2500},
			{in: "2 ty ruoi", scale: tr, want: 2500},
			{in: "2tỷrưỡi", scale: tr, want: 2500},
			{in: "1 triệu rưỡi đồng", scale: tr, want: 1.5},
			{in: "1 nghìn tỷ", scale: tr, want: 1e6},
			{in: "-3 triệu", scale: tr, want: -3},
			{in: "-1 tỷ 500 triệu", scale: tr, want: -1500},
			{in: "0,1 tỷ", scale: tr, want: 100},
			{in: "1,5 tỷ", scale: 1, want: 1.5e9},
			{in: "1,5 tỷ", scale: 1e9, want: 1.5},
			{in: "150 triệu", scale: 0, want: 1.5e8}, // no scale: đồng
			{in: "150", scale: 0, want: 150},
			{in: "1,5 tỷ", scale: 1e3, want: 1.5e6},

			{in: "", scale: tr, key: "parse.empty"},
			{in: "150 củ", scale: tr, key: "parse.unknown_unit"},
			{in: "150 USD", scale: tr, key: "parse.unknown_unit"},
			{in: "150 triệu và 5", scale: tr, key: "parse.unknown_unit"},
			{in: "1e6", scale: tr, key: "parse.not_number"},
			{in: "1e309", scale: tr, key: "parse.not_number"},
			{in: "0x1F", scale: tr, key: "parse.not_number"},
			{in: "abc", scale: tr, key: "parse.not_number"},
			{in: "NaN", scale: tr, key: "parse.not_number"},
			{in: "hai triệu", scale: tr, key: "parse.not_number"},
			{in: "triệu", scale: tr, key: "parse.money_no_number"},
			{in: "tỷ 500", scale: tr, key: "parse.money_no_number"},
			{in: "1 tỷ 5", scale: tr, key: "parse.money_missing_unit"},
			{in: "1tr5", scale: tr, key: "parse.money_missing_unit"},
			{in: "500 triệu 1 tỷ", scale: tr, key: "parse.money_combination"},
			{in: "1 tỷ 1500 triệu", scale: tr, key: "parse.money_combination"},
			{in: "1 triệu 2 triệu", scale: tr, key: "parse.money_combination"},
			{in: "1 tỷ -500 triệu", scale: tr, key: "parse.money_combination"},
			{in: "1 tỷ +500 triệu", scale: tr, key: "parse.money_combination"},
			{in: "1 tỷ triệu", scale: tr, key: "parse.money_combination"},
			{in: "5ktr", scale: tr, key: "parse.unknown_unit"},
			{in: "5 đồngk", scale: tr, key: "parse.unknown_unit"},
			{in: "5 rưỡi", scale: tr, key: "parse.money_combination"},
			{in: "1,5 tỷ rưỡi", scale: tr, key: "parse.money_combination"},
			{in: "2 tỷ rưỡi 100 triệu", scale: tr, key: "parse.money_combination"},
			{in: "500 đồng 2 triệu", scale: tr, key: "parse.money_combination"},
			{in: "150 đồng triệu", scale: tr, key: "parse.money_combination"},
			{in: "150 triệu đồng đồng", scale: tr, key: "parse.money_combination"},
			{in: "1 tỷ,5 triệu", scale: tr, key: "parse.not_number"},
			{in: "150 triệu!", scale: tr, key: "parse.not_number"},
			{in: "1.5 tỷ", scale: tr, key: "parse.bad_grouping"},
			{in: "5,989 triệu", scale: tr, key: "parse.ambiguous"},
			{in: "1,234.5 triệu", scale: tr, key: "parse.group_after_decimal"},
			{in: "1" + strings.Repeat("0", 400) + " tỷ", scale: tr, key: "parse.too_large"},
		},
		EN: {
			{in: "1.5 billion", scale: tr, want: 1500},
			{in: "1.5bn", scale: tr, want: 1500},
			{in: "150 million", scale: tr, want: 150},
			{in: "150m", scale: tr, want: 150},
			{in: "150 mn", scale: tr, want: 150},
			{in: "500 thousand", scale: tr, want: 0.5},
			{in: "500k", scale: tr, want: 0.5},
			{in: "1,500,000,000 VND", scale: tr, want: 1500},
			{in: "1,500,000,000 dong", scale: tr, want: 1500},
			{in: "350.5", scale: tr, want: 350.5},
			{in: "1 billion 500 million", scale: tr, want: 1500},
			{in: "1 billion, 500 million", scale: tr, want: 1500},
			{in: "1.5 tỷ", scale: tr, want: 1500}, // Vietnamese words, English marks
			{in: "1,5 billion", key: "parse.bad_grouping", scale: tr},
			{in: "1.500 million", key: "parse.ambiguous", scale: tr},
			{in: "150 bucks", key: "parse.unknown_unit", scale: tr},
			{in: "1 billion 5", key: "parse.money_missing_unit", scale: tr},
		},
	}
	for lang, cs := range cases {
		for _, c := range cs {
			got, err := ParseMoney(lang, c.in, c.scale)
			checkResult(t, lang, "ParseMoney", c.in, got, c.want, err, c.key)
		}
	}
}

// TestParseMoneyIsExact checks that amounts are summed in decimal, not in
// binary floating point, where 0,1 tỷ + 0,2 tỷ would not be 300 triệu.
func TestParseMoneyIsExact(t *testing.T) {
	for in, want := range map[string]float64{
		"0,3 tỷ":                 300,
		"1 triệu 100 nghìn":      1.1,
		"2 triệu 300 nghìn":      2.3,
		"5 tỷ 989 triệu":         5989,
		"11 tỷ 41 triệu":         11041,
		"1 triệu 1 nghìn 1 đồng": 1.001001,
	} {
		if got, err := ParseMoney(VI, in, 1e6); err != nil || got != want {
			t.Errorf("ParseMoney(vi, %q, 1e6) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestParseMoneyBareNumberIsParseNumber(t *testing.T) {
	for lang, cases := range numberCases {
		for _, c := range cases {
			if strings.ContainsFunc(c.in, isWordRune) {
				continue // words are what ParseMoney adds
			}
			want, werr := ParseNumber(lang, c.in)
			got, err := ParseMoney(lang, c.in, 1e6)
			if got != want || (err == nil) != (werr == nil) {
				t.Errorf("%s %q: ParseMoney = %v, %v; ParseNumber = %v, %v", lang, c.in, got, err, want, werr)
			}
		}
	}
}

func TestUnknownUnitListsWords(t *testing.T) {
	_, err := ParseMoney(VI, "150 củ", 1e6)
	msg := err.(*Error).Render(For(VI))
	for _, w := range []string{"“củ”", "nghìn", "ngàn", "k", "triệu", "tr", "tỷ", "tỉ", "đồng", "đ", "VNĐ"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	// Every word the message names is understood.
	for _, w := range []string{"nghìn", "ngàn", "k", "triệu", "tr", "tỷ", "tỉ", "đồng", "đ", "VNĐ",
		"thousand", "million", "m", "mn", "billion", "bn", "dong", "VND"} {
		if _, ok := lookupMoneyWord(Fold(w)); !ok {
			t.Errorf("%q is listed but not understood", w)
		}
	}
}
