package config

import (
	"slices"
	"strings"
	"testing"

	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// TestDigestSection reads the digest section and a percent field's rate_of.
func TestDigestSection(t *testing.T) {
	doc := base + `digest:
  unit_word: {vi: "xã", en: "communes"}
  nothing_to_report: ["không", "n/a"]
  stale_after: 3
` + strings.Replace(baseForm, "form:\n", `form:
  - id: rate
    type: percent
    label: {vi: "Tỷ lệ giải ngân", en: "Disbursement rate"}
    rate_of: money
`, 1)
	doc = strings.Replace(doc, baseForm, "", 1)
	c, err := Parse([]byte(doc), "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := c.Digest
	if d.UnitWord.In(i18n.VI) != "xã" || !slices.Equal(d.Nothing, []string{"không", "n/a"}) || d.StaleAfter != 3 {
		t.Errorf("digest = %+v", d)
	}
	if f, _, _ := c.Form.Field("rate"); f == nil || f.RateOf != "money" {
		t.Errorf("rate field = %+v", f)
	}
}

// TestDigestSectionProblems: a wrong stale_after and a rate_of naming a
// field without a target are reported.
func TestDigestSectionProblems(t *testing.T) {
	doc := base + "digest:\n  stale_after: 0\n"
	doc = strings.Replace(doc, "form:\n", "form:\n  - {id: rate, type: percent, label: \"Tỷ lệ\", rate_of: progress}\n", 1)
	_, err := Parse([]byte(doc), "district.yaml")
	if err == nil {
		t.Fatal("no problem reported")
	}
	for _, want := range []string{"digest.stale_after: must be at least 1", `form[0].rate_of "progress": not a numeric field`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

// TestDemoDigestDefaults: the demo spells out the digest package's defaults.
func TestDemoDigestDefaults(t *testing.T) {
	d := Demo().Digest
	if !slices.Equal(d.Nothing, digest.DefaultNothing) || d.StaleAfter != digest.DefaultStaleAfter {
		t.Errorf("demo digest = %+v, want the defaults %q, %d", d, digest.DefaultNothing, digest.DefaultStaleAfter)
	}
}

// TestReportSection reads the report section, with single texts for every
// language, and the demo's letterhead.
func TestReportSection(t *testing.T) {
	doc := base + `report:
  parent: "UBND XÃ BẢN THI"
  issuer: {vi: "BAN CHỈ ĐẠO", en: "STEERING COMMITTEE"}
  symbol: BC-BCĐX
  place: "Bản Thi"
  signer_title: "TRƯỞNG BAN"
  signer: "Nông Văn A"
  recipients: ["Lưu: VT."]
`
	c, err := Parse([]byte(doc), "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := c.Report
	if r.Parent.In(i18n.EN) != "UBND XÃ BẢN THI" || r.Issuer.In(i18n.EN) != "STEERING COMMITTEE" || r.Symbol != "BC-BCĐX" ||
		r.Place.In(i18n.VI) != "Bản Thi" || r.SignerTitle.In(i18n.VI) != "TRƯỞNG BAN" || r.Signer != "Nông Văn A" ||
		len(r.Recipients) != 1 || r.Recipients[0].In(i18n.VI) != "Lưu: VT." {
		t.Errorf("report = %+v", r)
	}
	if d := Demo().Report; d.Symbol != "BC-BCĐ" || d.Place.In(i18n.VI) != "Chợ Đồn" || !strings.Contains(d.SignerTitle.In(i18n.VI), "\n") {
		t.Errorf("demo report = %+v", d)
	}
}

// TestReportSectionProblems: a symbol with a slash or spaces, an unknown
// key and an empty title are reported.
func TestReportSectionProblems(t *testing.T) {
	doc := base + "report:\n  symbol: \"BC/BCĐ\"\n  signer_title: \"\"\n  seal: yes\n"
	_, err := Parse([]byte(doc), "district.yaml")
	if err == nil {
		t.Fatal("no problem reported")
	}
	for _, want := range []string{`report.symbol "BC/BCĐ": want a short symbol`, "report.signer_title: empty", "report.seal: unknown key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
