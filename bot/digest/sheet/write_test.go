package sheet

import (
	"os"
	"testing"

	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestWriteSample writes the sample workbooks when SHEET_OUT names a
// folder, for a person to open.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("SHEET_OUT")
	if dir == "" {
		t.Skip("set SHEET_OUT to a folder to write the sample workbooks")
	}
	for _, lang := range i18n.Langs {
		b, err := XLSX(digesttest.Sample(), lang)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/digest-"+string(lang)+".xlsx", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
