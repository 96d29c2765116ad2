package config

import (
	"errors"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, and that it returns
// either an indexed config or an *Error.
func FuzzParse(f *testing.F) {
	f.Add(DemoYAML())
	f.Add([]byte(base))
	f.Add([]byte("area: &a [*a]\n"))
	f.Add([]byte("schedule: {digest: \"CRON_TZ=x\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("Parse error %v is not an *Error with problems", err)
			}
			return
		}
		for _, u := range c.Units {
			if got, ok := c.Unit(u.Code); !ok || got.Code != u.Code {
				t.Fatalf("unit %s not indexed", u.Code)
			}
		}
	})
}
