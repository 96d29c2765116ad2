package i18n

import (
	"math"
	"math/big"
	"strings"
	"unicode"
)

// Money is typed the way it is said: "150 triệu", "1,5 tỷ", "500k",
// "1 tỷ 500 triệu đồng". Each word is a power of ten of đồng, so the sum is
// computed exactly (big.Rat) and rounded once, at the end, to the field's
// unit.

// Kinds of money word.
const (
	wordMult     = iota // nghìn, triệu, tỷ…: multiplies the number before it
	wordCurrency        // đồng: names the currency, or counts single đồng
	wordHalf            // rưỡi: "and a half" of the word before it
)

// moneyWord is what a folded money word means; exp is the power of ten of
// đồng for wordMult.
type moneyWord struct {
	kind int
	exp  int
}

// moneyWords are the understood words, folded (see Fold). The catalog's
// parse.unknown_unit lists them for people; keep the two in step.
var moneyWords = map[string]moneyWord{
	"nghin": {wordMult, 3}, "ngan": {wordMult, 3}, "k": {wordMult, 3},
	"thousand": {wordMult, 3}, "thousands": {wordMult, 3},
	"trieu": {wordMult, 6}, "tr": {wordMult, 6},
	"million": {wordMult, 6}, "millions": {wordMult, 6}, "m": {wordMult, 6}, "mn": {wordMult, 6},
	"ty": {wordMult, 9}, "ti": {wordMult, 9},
	"billion": {wordMult, 9}, "billions": {wordMult, 9}, "bn": {wordMult, 9},
	"dong": {wordCurrency, 0}, "d": {wordCurrency, 0}, "vnd": {wordCurrency, 0}, "₫": {wordCurrency, 0},
	"ruoi": {wordHalf, 0},
}

// lookupMoneyWord finds a folded word, also a multiplier typed together
// with "đồng" or "rưỡi" ("kđ", "triệuđồng", "tỷrưỡi"). Other run-together
// words are not split: "ktr" is more likely a slip than "nghìn triệu".
func lookupMoneyWord(w string) ([]moneyWord, bool) {
	if m, ok := moneyWords[w]; ok {
		return []moneyWord{m}, true
	}
	for i := 1; i < len(w); i++ {
		a, okA := moneyWords[w[:i]]
		b, okB := moneyWords[w[i:]]
		if okA && okB && a.kind == wordMult && b.kind != wordMult {
			return []moneyWord{a, b}, true
		}
	}
	return nil, false
}

// moneyToken is a number or a word of a money answer, in order.
type moneyToken struct {
	isNum bool
	num   number
	raw   string // the number as typed, for its sign and for messages
	word  moneyWord
}

// ParseMoney reads an amount of money written in lang's convention and
// returns it in the field's unit, where scale is how many đồng one unit is
// (1e6 for "triệu đồng"; a scale that is not a positive number counts đồng).
// A bare number is already in the field's unit: with scale 1e6, "350,5" is
// 350.5. Words of amount are understood in any language, without accents,
// in any case and with or without a space: nghìn/ngàn/k/thousand (10³ đồng),
// triệu/tr/million/m/mn (10⁶), tỷ/tỉ/billion/bn (10⁹), đồng/đ/vnd/vnđ/₫
// (one đồng); "150 triệu" is 150, "1,5 tỷ" 1500, "500 nghìn" 0.5.
// Parts combine from largest to smallest ("1 tỷ 500 triệu" is 1500), words
// multiply ("1 nghìn tỷ"), "rưỡi" adds a half ("2 tỷ rưỡi" is 2500), and
// "đồng" may close the amount ("150 triệu đồng"). A number left without a
// word after a part ("1 tỷ 5", "1tr5") is refused, never guessed.
func ParseMoney(lang Lang, s string, scale float64) (float64, error) {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	toks, err := lexMoney(lang, s)
	if err != nil {
		return 0, err
	}
	if len(toks) == 1 && toks[0].isNum {
		return toks[0].num.float(s) // a bare number: already in the field's unit
	}
	total, err := sumMoney(toks, s)
	if err != nil {
		return 0, err
	}
	total.Quo(total, new(big.Rat).SetFloat64(scale))
	v, _ := total.Float64()
	if math.IsInf(v, 0) {
		return 0, refuse("parse.too_large", s)
	}
	return v, nil
}

// lexMoney splits s into numbers and words. Numbers are read by lang's
// rules; a comma or dot right after a word is punctuation ("1 tỷ, 500
// triệu", "150 tr.").
func lexMoney(lang Lang, s string) ([]moneyToken, error) {
	var toks []moneyToken
	rest := strings.TrimSpace(s)
	if rest == "" {
		return nil, Errorf("parse.empty")
	}
	for rest != "" {
		i := strings.IndexFunc(rest, isWordRune)
		if i < 0 {
			i = len(rest)
		}
		chunk := rest[:i]
		if len(toks) > 0 && !toks[len(toks)-1].isNum {
			chunk = dropPunctuation(chunk)
		}
		chunk = strings.TrimSpace(chunk)
		if chunk != "" {
			n, err := readNumber(lang, chunk)
			if err != nil {
				if err.Key == "parse.not_number" {
					err = refuse("parse.not_number", s)
				}
				return nil, err
			}
			toks = append(toks, moneyToken{isNum: true, num: n, raw: chunk})
		}
		rest = rest[i:]
		j := strings.IndexFunc(rest, func(r rune) bool { return !isWordRune(r) })
		if j < 0 {
			j = len(rest)
		}
		if j > 0 {
			words, ok := lookupMoneyWord(Fold(rest[:j]))
			if !ok {
				return nil, unknownWord(s, rest[:j], rest[j:])
			}
			for _, w := range words {
				toks = append(toks, moneyToken{word: w})
			}
		}
		rest = rest[j:]
	}
	return toks, nil
}

// unknownWord refuses a word that is not a money word. Where no digit was
// typed at all ("abc", "NaN") or a digit follows the word straight away
// ("1e309", "0x1F"), the answer is not a number written the Vietnamese way,
// so it is refused as such rather than as an unknown unit.
func unknownWord(s, word, after string) *Error {
	if !strings.ContainsFunc(s, unicode.IsDigit) || strings.IndexFunc(after, unicode.IsDigit) == 0 {
		return refuse("parse.not_number", s)
	}
	return Errorf("parse.unknown_unit", "input", quote(s), "word", quote(word))
}

// dropPunctuation removes a comma, dot or semicolon that ends the word
// before s: one followed by a space or by nothing. In "1 tỷ,5 triệu" the
// comma is kept, and the number ",5" refused, rather than read as 5.
func dropPunctuation(s string) string {
	if s != "" && strings.IndexByte(".,;", s[0]) >= 0 && (len(s) == 1 || s[1] == ' ') {
		return s[1:]
	}
	return s
}

// isWordRune reports whether r belongs to a word: a letter, a combining
// accent of a decomposed letter, or the đồng sign.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == '₫' }

// sumMoney adds up the parts of an amount in đồng. Each part is a number,
// then multiplier words, then possibly "rưỡi"; "đồng" either counts the
// number before it or closes the amount.
func sumMoney(toks []moneyToken, s string) (*big.Rat, error) {
	total := new(big.Rat)
	neg, prevExp := false, math.MaxInt
	for i := 0; i < len(toks); {
		if !toks[i].isNum {
			if i == 0 {
				return nil, refuse("parse.money_no_number", s)
			}
			return nil, refuse("parse.money_combination", s) // "triệu triệu", "đồng rưỡi"
		}
		t := toks[i]
		i++
		if i == len(toks) || toks[i].isNum {
			return nil, refuse("parse.money_missing_unit", s) // "1 tỷ 5"
		}
		exp, half, closed, next, ok := readMoneyWords(toks, i)
		if !ok || half && !t.num.integral() {
			return nil, refuse("parse.money_combination", s)
		}
		i = next
		if prevExp == math.MaxInt {
			neg = t.num.neg
		} else if exp >= prevExp || t.num.neg || t.raw[0] == '+' ||
			!below(t.num, prevExp-exp) {
			return nil, refuse("parse.money_combination", s) // "500 triệu 1 tỷ", "1 tỷ 1500 triệu"
		}
		part, _ := new(big.Rat).SetString(number{whole: t.num.whole, frac: t.num.frac}.text())
		if half {
			part.Add(part, big.NewRat(1, 2))
		}
		total.Add(total, part.Mul(part, pow10(exp)))
		prevExp = exp
		if (half || closed) && i < len(toks) {
			return nil, refuse("parse.money_combination", s) // "2 tỷ rưỡi 100 triệu"
		}
	}
	if neg {
		total.Neg(total)
	}
	return total, nil
}

// readMoneyWords reads the words after a number, from toks[i]: multipliers
// in increasing order (their exponents add up), then "rưỡi", then "đồng".
// closed reports that the amount must end here.
func readMoneyWords(toks []moneyToken, i int) (exp int, half, closed bool, next int, ok bool) {
	last := -1
	for ; i < len(toks) && !toks[i].isNum && toks[i].word.kind == wordMult; i++ {
		if toks[i].word.exp <= last {
			return 0, false, false, i, false // "tỷ triệu"
		}
		last = toks[i].word.exp
		exp += last
	}
	mult := last >= 0
	if i < len(toks) && !toks[i].isNum && toks[i].word.kind == wordHalf {
		if !mult {
			return 0, false, false, i, false // "5 rưỡi": half of what?
		}
		half = true
		i++
	}
	if i < len(toks) && !toks[i].isNum && toks[i].word.kind == wordCurrency {
		closed = true
		i++
	}
	if i < len(toks) && !toks[i].isNum {
		return 0, false, false, i, false // a word out of place: "đồng triệu"
	}
	return exp, half, closed, i, true
}

// below reports whether n < 10^digits, so that "1 tỷ 500 triệu" passes and
// "1 tỷ 1500 triệu" does not.
func below(n number, digits int) bool {
	return len(strings.TrimLeft(n.whole, "0")) <= digits
}

// pow10 is 10^e as a rational.
func pow10(e int) *big.Rat {
	return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
}
