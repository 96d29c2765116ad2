package main

import (
	"context"
	"fmt"

	"fieldbot/bot"
)

// seedRoster makes the database's roster the truth: on the first start it
// is seeded from cfg (the YAML); afterwards the YAML's roster is not used,
// and a difference is logged once, pointing to fieldbot roster import. It
// returns cfg with the database's roster.
func (a *app) seedRoster(cfg *bot.Config) (*bot.Config, error) {
	var cur *bot.Config
	err := a.db.Update(context.Background(), func(tx bot.Tx) error {
		seeded, differs, err := bot.SeedRoster(tx, cfg, a.clock.Now())
		if err != nil {
			return err
		}
		switch {
		case seeded:
			a.log.Info("roster seeded from the configuration", "units", len(cfg.Units), "members", len(cfg.Members))
		case len(differs) > 0:
			a.log.Warn("the roster in the database is used; the configuration's roster differs and is not applied "+
				"(fieldbot roster import --config FILE --db FILE shows the differences, --apply applies them)",
				"differences", len(differs))
		}
		cur, err = bot.CurrentConfig(tx, cfg)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	return cur, nil
}
