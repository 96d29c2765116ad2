package digesttest

import (
	"math"
	"testing"

	"fieldbot/bot/digest"
)

// TestSampleTotals checks that the sample adds up to the figures of the
// source document, so renderers tested on it show the real totals.
func TestSampleTotals(t *testing.T) {
	d := Sample()
	if len(d.Units) != 20 || d.Reported != 18 {
		t.Fatalf("units %d, reported %d; want 20, 18", len(d.Units), d.Reported)
	}
	want := map[string][2]float64{
		Households: {215, 301}, InfraWorks: {41, 41}, InfraDisbursed: {5989.0, 11041.0},
		ProdProjects: {19, 19}, ProdDisbursed: {2620.0, 3157.0}, P3Projects: {1, 1}, P3Disbursed: {160.0, 160.0},
	}
	got := map[string]digest.Total{}
	for _, tt := range d.Headline {
		got[tt.Field] = tt
	}
	for _, it := range d.Items {
		for _, tt := range it.Fields {
			got[tt.Field] = tt
		}
	}
	for f, w := range want {
		g := got[f]
		if g.Value != w[0] || g.Target != w[1] {
			t.Errorf("%s: total %v/%v, want %v/%v", f, g.Value, g.Target, w[0], w[1])
		}
		var v, tgt float64
		for _, u := range d.Units {
			v += u.Values[f]
			tgt += u.Targets[f]
		}
		if math.Abs(v-w[0]) > 1e-9 || math.Abs(tgt-w[1]) > 1e-9 {
			t.Errorf("%s: units sum to %v/%v, want %v/%v", f, v, tgt, w[0], w[1])
		}
	}
	if p := got[InfraDisbursed].Percent(); math.Abs(p-54.24327506566434) > 1e-9 {
		t.Errorf("infrastructure rate %v, want 54.2…", p)
	}
}

// TestSampleUnits checks the per-unit invariants: rates as Build computes
// them, values within plans, silent units dated a week before.
func TestSampleUnits(t *testing.T) {
	d := Sample()
	for _, u := range d.Units {
		dr, hr := rates(u)
		if u.DisbursementRate != dr || u.HeadlineRate != hr || dr < 0 || hr < 0 {
			t.Errorf("%s: rates %v %v, want %v %v", u.Code, u.DisbursementRate, u.HeadlineRate, dr, hr)
		}
		for f, v := range u.Values {
			if tgt, ok := u.Targets[f]; !ok || v > tgt {
				t.Errorf("%s: %s = %v over target %v (%v)", u.Code, f, v, tgt, ok)
			}
		}
		inPeriod := !u.AsOf.Before(d.Period.Start) && u.AsOf.Before(d.Period.End)
		if u.Reported != inPeriod || !u.HasData {
			t.Errorf("%s: reported %v but as of %v", u.Code, u.Reported, u.AsOf)
		}
		_, p3 := u.Targets[P3Disbursed]
		_, p135 := u.Targets[InfraDisbursed]
		if p3 != (u.Code == "bang-lung") || p135 == p3 {
			t.Errorf("%s: Project 3 plan %v, Program 135 plan %v", u.Code, p3, p135)
		}
	}
	if d.Period.Key != "2020-W38" || d.Period.Start.Day() != 14 || d.Period.LastDay().Day() != 20 {
		t.Errorf("period %s %v–%v", d.Period.Key, d.Period.Start, d.Period.LastDay())
	}
	if Sample().Units[0].Values[Households] = 99; d.Units[0].Values[Households] == 99 {
		t.Error("Sample shares maps between calls")
	}
}
