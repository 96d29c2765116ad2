package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Restored is what Restore did.
type Restored struct {
	// Backup is the copy that was checked and put in place: its size,
	// SHA-256 and how many records were read.
	Backup Backup
	// Checksum says the SHA-256 beside the backup was there and matched;
	// without that file only the database's own checks ran.
	Checksum bool
	// Previous is where the replaced database now is; empty when there
	// was none at dbPath.
	Previous string
}

// Restore replaces the database at dbPath by the backup at backup, and
// checks everything before it replaces anything. It takes the database's
// lock (a running bot holds it: ErrLocked, nothing done), copies the
// backup into dbPath's folder, comparing the copy's SHA-256 with the one
// written beside the backup (ErrChecksum) when there is one, then opens the
// copy (running the migrations of an older schema; a newer one is
// ErrNewerSchema) and gives it Verify's full check: every page, the
// consistency check and every record (ErrCorrupt on any damage). Only then is the old database renamed to
// aside (which must not exist) and the copy, given the old file's owner
// and permissions, renamed to dbPath.
func Restore(ctx context.Context, backup, dbPath, aside string) (Restored, error) {
	var r Restored
	fail := func(err error) (Restored, error) {
		return Restored{}, fmt.Errorf("store: restore %s from %s: %w", dbPath, backup, err)
	}
	want, hasSum, err := ReadSum(backup)
	if err != nil {
		return Restored{}, err
	}
	old, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	switch {
	case errors.Is(err, os.ErrNotExist):
		old = nil
	case err != nil:
		return fail(err)
	default:
		defer old.Close() // releases the lock, which is on the file now aside
		if err := lockFile(old); err != nil {
			return fail(err)
		}
		if _, err := os.Lstat(aside); err == nil {
			return fail(fmt.Errorf("%s: %w", aside, os.ErrExist))
		}
	}
	tmp, got, err := copyIn(ctx, backup, filepath.Dir(dbPath))
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp) // once renamed, nothing is left to remove
	if hasSum && got.SHA256 != want {
		return fail(fmt.Errorf("%w: SHA-256 %s, the %s file says %s", ErrChecksum, got.SHA256, SumSuffix, want))
	}
	if got.Records, err = verifyFile(ctx, tmp, Options{}); err != nil {
		return fail(err)
	}
	if old != nil {
		fi, err := old.Stat()
		if err == nil {
			err = sameOwner(tmp, fi)
		}
		if err != nil {
			return fail(err)
		}
	}
	if old != nil {
		if err := os.Rename(dbPath, aside); err != nil {
			return fail(err)
		}
		r.Previous = aside
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		if old != nil {
			_ = os.Rename(aside, dbPath)
		}
		return fail(err)
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return fail(err)
	}
	got.Path = dbPath
	r.Backup, r.Checksum = got, hasSum
	return r, nil
}

// copyIn copies the file at src to a new temporary file in dir, hashing
// it, and syncs the copy.
func copyIn(ctx context.Context, src, dir string) (string, Backup, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", Backup{}, err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, ".fieldbot-restore.*.tmp")
	if err != nil {
		return "", Backup{}, err
	}
	h := sha256.New()
	n, err := io.Copy(ctxWriter{ctx, io.MultiWriter(out, h)}, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(out.Name())
		return "", Backup{}, err
	}
	return out.Name(), Backup{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
