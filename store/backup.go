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
	"runtime"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrChecksum is wrapped when a backup's bytes do not match the SHA-256
// written beside it (or, just after writing, the bytes that were written).
var ErrChecksum = errors.New("the backup does not match its checksum")

// SumSuffix ends the name of the file beside a backup that holds its
// SHA-256, in the format of sha256sum ("<hex>  <name>\n"), so that
// `sha256sum -c fieldbot-….db.sha256` checks it too.
const SumSuffix = ".sha256"

// Backup is a backup file that was written and verified.
type Backup struct {
	Path   string
	Size   int64
	SHA256 string // hex
	// Records is how many records the verification read.
	Records int
}

// BackupTo writes a consistent snapshot of the database to path while it
// stays in use: one read transaction copies every page (writers go on;
// the copy is the database as of the last commit before it began). The
// bytes go to a temporary file in path's folder, hashed as they are
// written and synced; the file is then read back and its SHA-256 compared,
// opened read-only and given the full check of Verify (every page, bbolt's
// consistency check, every record as its bucket's codec reads it). Only then are path+SumSuffix and path
// put in place (renamed, the folder synced). path must not exist. ctx
// cancels the copy between two writes.
func (db *DB) BackupTo(ctx context.Context, path string) (Backup, error) {
	if err := ctx.Err(); err != nil {
		return Backup{}, fmt.Errorf("store: backup: %w", err)
	}
	if _, err := os.Lstat(path); err == nil {
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, os.ErrExist)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // once renamed, nothing is left to remove
	b, err := db.snapshot(ctx, tmp)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	checked, err := checkFile(ctx, tmp.Name(), b.SHA256)
	if err != nil {
		return Backup{}, fmt.Errorf("store: backup to %s: verify: %w", path, err)
	}
	b.Records = checked.Records
	if err := writeSum(path, b.SHA256); err != nil {
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(path + SumSuffix)
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return Backup{}, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	b.Path = path
	return b, nil
}

// snapshot copies the database in one read transaction to f, hashing it,
// and syncs f.
func (db *DB) snapshot(ctx context.Context, f *os.File) (Backup, error) {
	h := sha256.New()
	var n int64
	err := db.bolt.View(func(btx *bolt.Tx) error {
		var err error
		n, err = btx.WriteTo(ctxWriter{ctx, io.MultiWriter(f, h)})
		return err
	})
	if err != nil {
		return Backup{}, fmt.Errorf("copy: %w", err)
	}
	if err := f.Sync(); err != nil {
		return Backup{}, fmt.Errorf("sync: %w", err)
	}
	return Backup{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// ctxWriter fails a write once ctx has ended.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// checkFile reads path back and compares its SHA-256 with want (when not
// empty), then opens it read-only and reads every record. A file at an
// older schema version is refused by the read-only open: Restore checks
// its own migrated copy instead.
func checkFile(ctx context.Context, path, want string) (Backup, error) {
	got, size, err := fileSum(path)
	if err != nil {
		return Backup{}, err
	}
	if want != "" && got != want {
		return Backup{}, fmt.Errorf("%w: SHA-256 %s, expected %s", ErrChecksum, got, want)
	}
	n, err := verifyFile(ctx, path, Options{ReadOnly: true, NoSync: true})
	if err != nil {
		return Backup{}, err
	}
	return Backup{Path: path, Size: size, SHA256: got, Records: n}, nil
}

// verifyFile opens path, runs Verify (every page, the consistency check,
// every record) and closes it; any damage is an error wrapping ErrCorrupt.
func verifyFile(ctx context.Context, path string, opts Options) (int, error) {
	opts.Timeout = DefaultTimeout
	db, err := Open(path, opts)
	if err != nil {
		return 0, err
	}
	n, damaged, err := db.Verify(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if len(damaged) > 0 {
		return n, fmt.Errorf("%w: %d damaged records, the first %s", ErrCorrupt, len(damaged), damaged[0])
	}
	return n, nil
}

// fileSum is the SHA-256 (hex) and size of the file at path.
func fileSum(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// writeSum writes path+SumSuffix (through a temporary file, synced).
func writeSum(path, sum string) error {
	line := sum + "  " + filepath.Base(path) + "\n"
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+SumSuffix+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(line)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path+SumSuffix)
}

// ReadSum reads the SHA-256 written beside the backup at path; ok is false
// when there is no such file.
func ReadSum(path string) (sum string, ok bool, err error) {
	b, err := os.ReadFile(path + SumSuffix)
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: read %s%s: %w", path, SumSuffix, err)
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 || len(fields[0]) != sha256.Size*2 {
		return "", false, fmt.Errorf("store: read %s%s: %w: not a SHA-256 line", path, SumSuffix, ErrChecksum)
	}
	if _, err := hex.DecodeString(fields[0]); err != nil {
		return "", false, fmt.Errorf("store: read %s%s: %w: not a SHA-256 line", path, SumSuffix, ErrChecksum)
	}
	return strings.ToLower(fields[0]), true, nil
}

// syncDir syncs a folder, so that the renames in it last.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if runtime.GOOS == "windows" {
		err = nil // a folder cannot be synced there; renames are durable
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
