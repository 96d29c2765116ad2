package bot

import "testing"

// stampTx is a RosterTx whose roster never changes.
type stampTx struct {
	stamp RosterStamp
	r     *Roster
}

func (s stampTx) RosterVersion() (RosterStamp, error) { return s.stamp, nil }
func (s stampTx) Roster() (*Roster, error)            { return s.r, nil }
func (s stampTx) PutRoster(*Roster) error             { return nil }

// TestEngineAtReloadsOnStamp: the Engine value is reused while the stamp
// stays, and rebuilt with the stored roster when it changes (a version
// rolled back and made again differs in its checksum).
func TestEngineAtReloadsOnStamp(t *testing.T) {
	base := &Config{Units: []Unit{{Code: "a"}}, Members: []Member{{ID: "m", Units: []string{"a"}}}}
	base.Index()
	e := New(Options{Config: base})
	r := base.Roster()
	r.Members = append(r.Members, Member{ID: "n", Units: []string{"a"}})
	one, _ := e.at(stampTx{RosterStamp{1, 7}, r})
	if _, ok := one.cfg.Member("n"); !ok {
		t.Fatal("the stored roster was not loaded")
	}
	if again, _ := e.at(stampTx{RosterStamp{1, 7}, nil}); again != one {
		t.Error("the same stamp rebuilt the Engine")
	}
	r2 := base.Roster()
	if other, _ := e.at(stampTx{RosterStamp{1, 8}, r2}); other == one {
		t.Error("a different checksum reused the old roster")
	} else if _, ok := other.cfg.Member("n"); ok {
		t.Error("the new roster was not loaded")
	}
}

// BenchmarkEngineAt is the cost a transaction pays to learn the roster did
// not change.
func BenchmarkEngineAt(b *testing.B) {
	base := &Config{}
	base.Index()
	e := New(Options{Config: base})
	tx := stampTx{RosterStamp{3, 9}, base.Roster()}
	if _, err := e.at(tx); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.at(tx); err != nil {
			b.Fatal(err)
		}
	}
}
