package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"fieldbot/store"
)

// Kinds of file the backup commands name.
const (
	backupFile   fileKind = "backup"     // a backup of the database
	backupFolder fileKind = "backup_dir" // where run writes its scheduled backups
)

// backup writes a verified backup of a stopped bot's database:
// fieldbot backup --db FILE --out FILE [-v]. The database is opened read
// only, so a running bot's (which holds its lock) is refused as in use.
func (e *env) backup(ctx context.Context, args []string) error {
	fs := e.flags("backup")
	dbPath := fs.String("db", "fieldbot.db", e.p.T("backup.flag.db"))
	out := fs.String("out", "", e.p.T("backup.flag.out"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%s", e.p.T("backup.need_out"))
	}
	if _, err := os.Lstat(*out); err == nil {
		return fmt.Errorf("%s", e.p.T("backup.out_exists", "file", *out))
	}
	db, err := openDB(*dbPath, store.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := db.BackupTo(ctx, *out)
	switch {
	case errors.Is(err, os.ErrExist):
		return fmt.Errorf("%s", e.p.T("backup.out_exists", "file", *out))
	case errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrChecksum):
		return &fileError{kind: dbFile, path: *dbPath, err: err}
	case err != nil:
		return &fileError{kind: backupFile, path: *out, create: true, err: err}
	}
	fmt.Fprintln(e.stdout, e.p.T("backup.done", "db", *dbPath, "file", b.Path, "size", e.p.Int(b.Size),
		"records", e.p.Int(int64(b.Records)), "sum", b.SHA256, "sumfile", b.Path+store.SumSuffix))
	return nil
}

// restore replaces a stopped bot's database by a backup, once the backup
// is checked: fieldbot restore --backup FILE --db FILE [-v]. The database
// it replaces is kept beside it, named after the moment of the restore.
func (e *env) restore(ctx context.Context, args []string) error {
	flags := e.flags("restore")
	backup := flags.String("backup", "", e.p.T("restore.flag.backup"))
	dbPath := flags.String("db", "fieldbot.db", e.p.T("restore.flag.db"))
	if err := parse(flags, args); err != nil {
		return err
	}
	if *backup == "" {
		return fmt.Errorf("%s", e.p.T("restore.need_backup"))
	}
	if fi, err := os.Stat(*backup); err != nil || fi.IsDir() {
		if err == nil {
			err = &fs.PathError{Op: "open", Path: *backup, Err: syscall.EISDIR}
		}
		return &fileError{kind: backupFile, path: *backup, err: err}
	}
	aside := *dbPath + ".before-restore-" + e.clock.Now().UTC().Format("20060102T150405Z")
	for i := 2; ; i++ { // two restores within a second
		if _, err := os.Lstat(aside); err != nil {
			break
		}
		aside = fmt.Sprintf("%s.before-restore-%s-%d", *dbPath, e.clock.Now().UTC().Format("20060102T150405Z"), i)
	}
	r, err := store.Restore(ctx, *backup, *dbPath, aside)
	sumFile := *backup + store.SumSuffix
	switch {
	case err == nil:
	case errors.Is(err, store.ErrLocked):
		return &fileError{kind: dbFile, path: *dbPath, err: err}
	case errors.Is(err, store.ErrChecksum):
		return &saidError{msg: e.p.T("restore.checksum_mismatch", "file", *backup, "sumfile", sumFile), err: err}
	case errors.Is(err, store.ErrNewerSchema):
		return &saidError{msg: e.p.T("restore.backup_newer", "file", *backup), err: err}
	case errors.Is(err, store.ErrCorrupt):
		return &saidError{msg: e.p.T("restore.backup_damaged", "file", *backup), err: err}
	default:
		return &fileError{kind: dbFile, path: *dbPath, create: true, err: err}
	}
	checked := "restore.checked"
	if !r.Checksum {
		checked = "restore.checked_no_sum"
	}
	fmt.Fprintln(e.stdout, e.p.T(checked, "file", *backup, "sumfile", sumFile, "records", e.p.Int(int64(r.Backup.Records))))
	fmt.Fprintln(e.stdout, e.p.T("restore.done", "db", *dbPath, "file", *backup))
	if r.Previous != "" {
		fmt.Fprintln(e.stdout, e.p.T("restore.previous", "previous", r.Previous))
	} else {
		fmt.Fprintln(e.stdout, e.p.T("restore.no_previous", "db", *dbPath))
	}
	return nil
}
