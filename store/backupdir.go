package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A backup folder holds files named after the moment (UTC) each backup
// began, so that name order is time order:
// fieldbot-20261202T014512.345Z.db, each with its .sha256 beside it.
const (
	backupPrefix = "fieldbot-"
	backupExt    = ".db"
	backupLayout = "20060102T150405.000Z"
)

// BackupName is the file name of a backup begun at t.
func BackupName(t time.Time) string {
	return backupPrefix + t.UTC().Format(backupLayout) + backupExt
}

// Stored is a backup file in a backup folder.
type Stored struct {
	Path string
	At   time.Time // when it began, from its name
}

// ListBackups lists the backups in dir, oldest first. Files with other
// names (the temporary files of a backup under way, the .sha256 files)
// are not listed. A missing folder has none.
func ListBackups(dir string) ([]Stored, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: list backups in %s: %w", dir, err)
	}
	var out []Stored
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), backupPrefix)
		stamp, ok2 := strings.CutSuffix(stamp, backupExt)
		if !ok || !ok2 || !e.Type().IsRegular() {
			continue
		}
		at, err := time.Parse(backupLayout, stamp)
		if err != nil {
			continue
		}
		out = append(out, Stored{Path: filepath.Join(dir, e.Name()), At: at})
	}
	slices.SortFunc(out, func(a, b Stored) int { return a.At.Compare(b.At) })
	return out, nil
}

// BackupToDir writes a verified backup (see BackupTo) named after at in
// dir, then deletes the oldest backups beyond keep (at least the new one
// is kept), each with its .sha256. It returns the new backup and the
// paths deleted. A backup that fails deletes nothing.
func (db *DB) BackupToDir(ctx context.Context, dir string, at time.Time, keep int) (Backup, []string, error) {
	b, err := db.BackupTo(ctx, filepath.Join(dir, BackupName(at)))
	if err != nil {
		return Backup{}, nil, err
	}
	all, err := ListBackups(dir)
	if err != nil {
		return b, nil, err
	}
	keep = max(keep, 1)
	var removed []string
	for _, s := range all[:max(len(all)-keep, 0)] {
		if s.Path == b.Path {
			continue
		}
		if err := os.Remove(s.Path); err != nil {
			return b, removed, fmt.Errorf("store: remove old backup: %w", err)
		}
		_ = os.Remove(s.Path + SumSuffix)
		removed = append(removed, s.Path)
	}
	return b, removed, nil
}
