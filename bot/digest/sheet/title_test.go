package sheet

import (
	"testing"

	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestTitleNamesThePeriod: the workbook's title cell names the period as
// people do, never by its key.
func TestTitleNamesThePeriod(t *testing.T) {
	for lang, want := range map[i18n.Lang]string{
		i18n.VI: "Chương trình MTQG giảm nghèo bền vững – Tuần 38 (14/09–20/09/2020)",
		i18n.EN: "National Target Program for Sustainable Poverty Reduction – Week 38 (14/09–20/09/2020)",
	} {
		f := open(t, digesttest.Sample(), lang)
		if got := raw(t, f, f.GetSheetList()[0], "A1"); got != want {
			t.Errorf("%s: title %q, want %q", lang, got, want)
		}
	}
}
