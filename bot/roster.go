package bot

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Roster is the part of the configuration the office changes while the bot
// runs: the units with their targets, the members with their assignments,
// and the area totals the unit targets add up to. The YAML seeds it on the
// first start; after that the database holds it (RosterTx) and the YAML's
// roster is read only when imported on request.
//
// It is stored as the JSON of these types, so a field added to Unit or
// Member is kept without a codec change.
type Roster struct {
	// Version counts the stored changes: 1 for the seed, +1 per change.
	Version uint64             `json:"version"`
	Units   []Unit             `json:"units"`
	Members []Member           `json:"members"`
	Totals  map[string]float64 `json:"totals,omitempty"`
}

// RosterStamp tells stored rosters apart with one small read: the version
// and the checksum of the stored roster (two transactions that each made a
// version N, one rolled back, differ in it). The zero value: no roster.
type RosterStamp struct {
	Version uint64 `json:"version"`
	Sum     uint32 `json:"sum"`
}

// RosterTx keeps the roster in the database.
type RosterTx interface {
	// RosterVersion is the stored roster's stamp (one read, the roster
	// itself not decoded); the zero stamp when the database has none yet.
	RosterVersion() (RosterStamp, error)
	// Roster returns the stored roster; ErrNotFound when there is none.
	Roster() (*Roster, error)
	// PutRoster stores r as the next version, setting r.Version.
	PutRoster(r *Roster) error
}

// Roster returns a copy of c's roster (version 0: not stored).
func (c *Config) Roster() *Roster {
	r := &Roster{Units: make([]Unit, len(c.Units)), Members: make([]Member, 0, len(c.Members)+len(c.inactive)),
		Totals: maps.Clone(c.Area.Targets)}
	for i, u := range c.Units {
		r.Units[i] = u.clone()
	}
	for _, m := range c.allMembers() {
		r.Members = append(r.Members, m.clone())
	}
	return r
}

// allMembers is every member of c in roster order, the deactivated ones too.
func (c *Config) allMembers() []Member {
	if len(c.inactive) == 0 {
		return c.Members
	}
	return c.everyone
}

// WithRoster returns a copy of c that has r's units, members and totals in
// place of its own. A deactivated member (Member.Inactive) is left out of
// Members, so no job, command or lookup meets them: their chats get nothing;
// Inactive tells them apart from someone not on the roster at all.
func (c *Config) WithRoster(r *Roster) *Config {
	cp := *c
	cp.Units = make([]Unit, len(r.Units))
	for i, u := range r.Units {
		cp.Units[i] = u.clone()
	}
	cp.Members, cp.everyone, cp.inactive = nil, nil, nil
	for _, m := range r.Members {
		m = m.clone()
		cp.everyone = append(cp.everyone, m)
		if m.Inactive {
			if cp.inactive == nil {
				cp.inactive = map[string]bool{}
			}
			cp.inactive[m.ID] = true
			continue
		}
		cp.Members = append(cp.Members, m)
	}
	cp.Area.Targets = maps.Clone(r.Totals)
	cp.Index()
	return &cp
}

// Inactive reports whether id is a deactivated member of the roster.
func (c *Config) Inactive(id string) bool { return c.inactive[id] }

func (u Unit) clone() Unit {
	u.Name = maps.Clone(u.Name)
	u.Targets = maps.Clone(u.Targets)
	return u
}

func (m Member) clone() Member {
	m.Title = maps.Clone(m.Title)
	m.Units = slices.Clone(m.Units)
	return m
}

// Unit returns the roster's unit with code, or nil.
func (r *Roster) Unit(code string) *Unit {
	for i := range r.Units {
		if r.Units[i].Code == code {
			return &r.Units[i]
		}
	}
	return nil
}

// Member returns the roster's member with id, or nil.
func (r *Roster) Member(id string) *Member {
	for i := range r.Members {
		if r.Members[i].ID == id {
			return &r.Members[i]
		}
	}
	return nil
}

// Clone returns a deep copy of r.
func (r *Roster) Clone() *Roster {
	cp := &Roster{Version: r.Version, Units: make([]Unit, len(r.Units)), Members: make([]Member, len(r.Members)),
		Totals: maps.Clone(r.Totals)}
	for i, u := range r.Units {
		cp.Units[i] = u.clone()
	}
	for i, m := range r.Members {
		cp.Members[i] = m.clone()
	}
	return cp
}

// CurrentRoster is the roster the database holds, or a copy of base's
// when it holds none yet.
func CurrentRoster(tx RosterTx, base *Config) (*Roster, error) {
	r, err := tx.Roster()
	if errors.Is(err, ErrNotFound) {
		return base.Roster(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("bot: read roster: %w", err)
	}
	return r, nil
}

// CurrentConfig is base with the database's roster in place of its own (base
// itself when the database holds none yet): what the digest, the web page
// and the command line read the units and members from.
func CurrentConfig(tx RosterTx, base *Config) (*Config, error) {
	r, err := tx.Roster()
	if errors.Is(err, ErrNotFound) {
		return base, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bot: read roster: %w", err)
	}
	return base.WithRoster(r), nil
}
