package bot

import "testing"

// TestCarriable: figures, choices, texts and dates may stand for this
// period's answer; photos and places show this period's work and never do.
func TestCarriable(t *testing.T) {
	for typ, want := range map[FieldType]bool{
		FieldInteger: true, FieldDecimal: true, FieldMoney: true, FieldPercent: true, FieldText: true,
		FieldSelect: true, FieldYesNo: true, FieldDate: true, FieldPhoto: false, FieldLocation: false, "future": false,
	} {
		if got := carriable(&Field{Type: typ}); got != want {
			t.Errorf("carriable(%s) = %v, want %v", typ, got, want)
		}
	}
}
