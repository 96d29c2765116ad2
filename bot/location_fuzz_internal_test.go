package bot

import (
	"math"
	"testing"
)

// FuzzTypedLocation: typed coordinates never panic; what is read is two
// finite numbers, and the stored form reads back to them (six decimals).
func FuzzTypedLocation(f *testing.F) {
	for _, s := range []string{"22,15123; 105,61234", "22.15123, 105.61234", "22,1 105,5", "-33.9;151.2",
		"1e1; 5", "NaN; 1", "0x1p4 5", "22.1.2, 105", " ; ", "", "9,9,9 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, ok := typedLocation(s)
		if !ok {
			return
		}
		for _, x := range []float64{l.Lat, l.Lon} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%q read as %+v", s, l)
			}
		}
		if !l.valid() {
			return
		}
		back, ok := locationOf(locationValue(l))
		if !ok || math.Abs(back.Lat-l.Lat) > 5e-7 || math.Abs(back.Lon-l.Lon) > 5e-7 {
			t.Fatalf("%q: %+v stored reads back as %+v, %v", s, l, back, ok)
		}
	})
}
