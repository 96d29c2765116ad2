package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

// The PDF reader of the tests: fpdf writes each line of text as one BT…ET
// block of the page's content stream (Flate-compressed), its strings the
// UTF-16BE code points of the text (the fonts map codes to Unicode one to
// one). pageText inflates each stream and joins the strings of a block.

var (
	streamRE = regexp.MustCompile(`(?s)<<([^>]*(?:>[^>][^>]*)*)>>\s*stream\r?\n(.*?)\r?\nendstream`)
	blockRE  = regexp.MustCompile(`(?s)BT(.*?)ET`)
)

// pdfLines returns the text lines of every page of a PDF, in drawing order.
func pdfLines(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	for _, m := range streamRE.FindAllSubmatch(data, -1) {
		body := m[2]
		if bytes.Contains(m[1], []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				continue // not a stream of ours (a font program is also compressed)
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				continue
			}
			body = b
		}
		if bytes.Contains(m[1], []byte("/Length1")) {
			continue // an embedded font
		}
		for _, blk := range blockRE.FindAllSubmatch(body, -1) {
			if s := strings.TrimSpace(literals(blk[1])); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// literals decodes and joins the literal strings "(…)" of a text block.
func literals(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] != '(' {
			continue
		}
		var raw []byte
		depth := 1
		for i++; i < len(b) && depth > 0; i++ {
			c := b[i]
			switch {
			case c == '\\' && i+1 < len(b):
				i++
				switch e := b[i]; e {
				case 'n':
					raw = append(raw, '\n')
				case 'r':
					raw = append(raw, '\r')
				case 't':
					raw = append(raw, '\t')
				case 'b':
					raw = append(raw, '\b')
				case 'f':
					raw = append(raw, '\f')
				default:
					if e >= '0' && e <= '7' {
						v := 0
						for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
							v = v*8 + int(b[i]-'0')
							i++
						}
						i--
						raw = append(raw, byte(v))
					} else {
						raw = append(raw, e)
					}
				}
			case c == '(':
				depth++
				raw = append(raw, c)
			case c == ')':
				depth--
				if depth > 0 {
					raw = append(raw, c)
				}
			default:
				raw = append(raw, c)
			}
		}
		i--
		u := make([]uint16, 0, len(raw)/2)
		for k := 0; k+1 < len(raw); k += 2 {
			u = append(u, uint16(raw[k])<<8|uint16(raw[k+1]))
		}
		out.WriteString(string(utf16.Decode(u)))
	}
	return out.String()
}
