package chart

import (
	"os"
	"testing"

	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// TestWriteSample writes the sample charts when CHART_OUT names a folder,
// for a person to look at.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("CHART_OUT")
	if dir == "" {
		t.Skip("set CHART_OUT to a folder to write the sample charts")
	}
	for _, lang := range i18n.Langs {
		for name, d := range map[string]func() *digest.Digest{"forecast": digesttest.WithForecast, "nohistory": digesttest.Sample} {
			b, err := PNG(d(), lang)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir+"/chart-"+name+"-"+string(lang)+".png", b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := PNG(many(), i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/chart-many.png", b, 0o644); err != nil {
		t.Fatal(err)
	}
}
