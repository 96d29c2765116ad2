package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"fieldbot/store"
)

// backupOptions are run's scheduled hot backups.
type backupOptions struct {
	Dir   string        // the folder; empty: no scheduled backups
	Every time.Duration // between two backups
	Keep  int           // the newest backups kept in Dir
}

// Defaults and bounds of run's backup flags.
const (
	defaultBackupEvery = 24 * time.Hour
	defaultBackupKeep  = 7
	minBackupEvery     = time.Second
)

// prepareBackups makes the backup folder (only the bot's user may read it:
// it holds every report and phone number) so that a folder that cannot be
// made stops the start, not the first backup a day later.
func prepareBackups(o backupOptions) error {
	if o.Dir == "" {
		return nil
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return &fileError{kind: backupFolder, path: o.Dir, create: true, err: err}
	}
	return nil
}

// nextBackup is how long to wait before the next backup: Every after the
// newest one in the folder (so a restart keeps the rhythm), at once when
// that is past or there is none.
func nextBackup(o backupOptions, now time.Time) (time.Duration, error) {
	all, err := store.ListBackups(o.Dir)
	if err != nil || len(all) == 0 {
		return 0, err
	}
	return max(0, all[len(all)-1].At.Add(o.Every).Sub(now)), nil
}

// backupLoop writes a verified backup of the live database to the folder
// every o.Every until ctx ends, keeping the newest o.Keep. A failure is
// logged and the next one is tried at the next time: the bot goes on.
func (a *app) backupLoop(ctx context.Context, o backupOptions) {
	wait, err := nextBackup(o, a.clock.Now())
	if err != nil {
		a.log.Error("reading the backup folder", "dir", o.Dir, "err", err)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		if err := a.backupOnce(ctx, o); err != nil && ctx.Err() == nil {
			a.log.Error("backup failed", "dir", o.Dir, "err", err)
		}
		timer.Reset(o.Every)
	}
}

// backupOnce writes one backup to the folder and logs it.
func (a *app) backupOnce(ctx context.Context, o backupOptions) error {
	start := time.Now()
	b, removed, err := a.db.BackupToDir(ctx, o.Dir, a.clock.Now(), o.Keep)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", o.Dir, err)
	}
	a.log.Info("backup written and verified", "file", b.Path, "bytes", b.Size, "records", b.Records,
		"sha256", b.SHA256, "took", time.Since(start).Round(time.Millisecond), "removed", len(removed))
	return nil
}
