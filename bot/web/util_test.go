package web_test

import (
	"encoding/base64"
	"strconv"
)

func stdB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// flip changes the first character of a base64url string to another one.
func flip(s string) string {
	if s == "" {
		return "A"
	}
	c := byte('A')
	if s[0] == 'A' {
		c = 'B'
	}
	return string(c) + s[1:]
}
