package bot

import (
	"math"
	"strconv"
	"strings"

	"fieldbot/i18n"
)

// parseLocation reads the answer to a location question: a place shared on
// the platform, or typed coordinates, latitude first, in either decimal
// mark: "22,15123; 105,61234", "22,15123 105,61234" or, as map apps copy
// them, "22.15123, 105.61234".
func (v view) parseLocation(in input) (Value, error) {
	var l Location
	switch in.kind {
	case inLocation:
		l = in.loc
	case inText:
		var ok bool
		if l, ok = typedLocation(in.text); !ok {
			return Value{}, i18n.Errorf("location.bad", "input", strings.TrimSpace(in.text))
		}
	default:
		return Value{}, i18n.Errorf("location.want")
	}
	if !l.valid() {
		return Value{}, i18n.Errorf("location.out_of_range")
	}
	return locationValue(l), nil
}

// valid reports whether l is a point on Earth.
func (l Location) valid() bool {
	return !math.IsNaN(l.Lat) && !math.IsNaN(l.Lon) && math.Abs(l.Lat) <= 90 && math.Abs(l.Lon) <= 180
}

// typedLocation reads typed coordinates (see parseLocation).
func typedLocation(s string) (Location, bool) {
	s = strings.TrimSpace(s)
	var parts []string
	switch {
	case strings.Contains(s, ";"):
		parts = strings.Split(s, ";")
	case strings.Contains(s, "."): // decimal points: a comma or a space separates
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	default: // decimal commas: a space separates
		parts = strings.Fields(s)
	}
	if len(parts) != 2 {
		return Location{}, false
	}
	var xy [2]float64
	for i, p := range parts {
		p = strings.ReplaceAll(strings.TrimSpace(p), ",", ".")
		if p == "" || strings.ContainsAny(p, "eEnNiI_xXpP") { // plain decimals only: no 1e3, NaN, Inf, hex
			return Location{}, false
		}
		x, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return Location{}, false
		}
		xy[i] = x
	}
	return Location{Lat: xy[0], Lon: xy[1]}, true
}

// locationValue stores a place as "LAT,LON" with decimal points, six
// decimals (about 10 cm).
func locationValue(l Location) Value {
	return Value{Text: strconv.FormatFloat(l.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(l.Lon, 'f', 6, 64)}
}

// locationOf reads a stored place.
func locationOf(v Value) (Location, bool) {
	a, b, ok := strings.Cut(v.Text, ",")
	if !ok {
		return Location{}, false
	}
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	return Location{Lat: lat, Lon: lon}, err1 == nil && err2 == nil
}

// formatLocation writes a stored place for people, in their numbers.
func (v view) formatLocation(val Value) string {
	l, ok := locationOf(val)
	if !ok {
		return val.Text
	}
	return v.p.T("location.value", "lat", v.p.Num(l.Lat, 5), "lon", v.p.Num(l.Lon, 5))
}
