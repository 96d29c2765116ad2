package main

import (
	"errors"
	"strings"

	"fieldbot/bot/digest"
	"fieldbot/bot/digest/chart"
	"fieldbot/bot/web"
	"fieldbot/i18n"
)

// officeRoute is the office's web page (bot/web.Office) on the shared
// server, with the digest's chart; its session cookie is Secure when the
// public URL is HTTPS.
func (a *app) officeRoute() route {
	return route{Pattern: web.OfficePattern, Handler: &web.Office{Store: a.db, Config: a.cfg, Roster: a.eng.ConfigAt, Clock: a.clock,
		Log: a.log, Chart: officeChart, Secure: strings.HasPrefix(a.public, "https://")}}
}

// officeChart is the digest's PNG chart, or nil when there is no plan to draw.
func officeChart(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
	data, err := chart.PNG(d, lang)
	if errors.Is(err, chart.ErrNoPlan) {
		return nil, nil
	}
	return data, err
}
