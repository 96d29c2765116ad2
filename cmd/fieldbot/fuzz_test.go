package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// FuzzStartClock checks the demo's --now parsing: startClock never panics,
// "" keeps the real clock, and a moment it accepts is where the clock
// starts; in UTC, that moment written as --now starts there again (the
// layout also takes a one-digit hour, "9:00").
func FuzzStartClock(f *testing.F) {
	for _, s := range []string{"2020-09-16 09:00", "2020-09-21 17:00", "2020-02-29 23:59", "2021-02-29 00:00", "2020-09-16", "2020-09-16T09:00",
		"16/09/2020 09:00", "2020-09-16 9:00", "2020-09-16 24:00", "0000-01-01 00:00", "9999-12-31 23:59", "", " ", "2020-09-16 09:00 "} {
		f.Add(s)
	}
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		f.Fatal(err)
	}
	real := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, p: i18n.For(i18n.VI),
		clock: bot.ClockFunc(func() time.Time { return real })}
	f.Fuzz(func(t *testing.T, now string) {
		for _, loc := range []*time.Location{time.UTC, hcm} {
			clock, err := e.startClock(now, loc)
			if err != nil {
				if now == "" {
					t.Fatalf("startClock(\"\") fails: %v", err)
				}
				continue
			}
			got := clock.Now()
			if now == "" {
				if !got.Equal(real) {
					t.Fatalf("startClock(\"\") is not the real clock: %v", got)
				}
				continue
			}
			want, err := time.ParseInLocation("2006-01-02 15:04", now, loc)
			if err != nil || !got.Equal(want) {
				t.Fatalf("startClock(%q) starts at %v, want %v (%v)", now, got, want, err)
			}
			shown := got.Format("2006-01-02 15:04")
			if back, err := e.startClock(shown, loc); loc == time.UTC && (err != nil || !back.Now().Equal(got)) {
				t.Fatalf("startClock(%q) starts at %s, which reads back as %v (%v)", now, shown, back, err)
			}
		}
	})
}
