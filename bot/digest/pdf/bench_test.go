package pdf

import (
	"testing"

	"fieldbot/bot/config"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/bot/digest/sheet"
	"fieldbot/i18n"
)

// BenchmarkReport renders the 20-unit sample's report (fonts parsed and
// subset each time, as the digest does once per language).
func BenchmarkReport(b *testing.B) {
	d, h := digesttest.Sample(), HeadFor(config.Demo(), i18n.VI)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Report(d, h, i18n.VI); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorkbookBaseline renders the same digest's workbook: the
// attachment every reader already gets, to compare the report's cost with.
func BenchmarkWorkbookBaseline(b *testing.B) {
	d := digesttest.Sample()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sheet.XLSX(d, i18n.VI); err != nil {
			b.Fatal(err)
		}
	}
}
