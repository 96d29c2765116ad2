package store

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// maxCheckErrors is how many consistency problems an Open error lists.
const maxCheckErrors = 3

// openBolt opens the bbolt file. bbolt panics (or faults on the memory map)
// on some damaged files, e.g. a truncated one; openBolt turns that into an
// error wrapping ErrCorrupt and releases the file and its lock. The memory
// map bbolt made of such a file cannot be reached and stays mapped.
func openBolt(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	var file *os.File
	opts.OpenFile = func(name string, flag int, perm fs.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	panicked := true
	err = guard(func() error {
		db, err = bolt.Open(path, 0o600, opts)
		panicked = false
		return err
	})
	if panicked && file != nil {
		release(file)
	}
	return db, classify(err)
}

// classify marks bbolt's open errors that are about the file's content, not
// the operating system or the lock, as ErrCorrupt.
func classify(err error) error {
	var pathErr *fs.PathError
	var errno syscall.Errno
	switch {
	case err == nil, errors.Is(err, ErrCorrupt), errors.Is(err, bolt.ErrTimeout):
		return err
	case errors.As(err, &pathErr), errors.As(err, &errno):
		return err
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

// guard runs fn, turning a panic or a memory fault inside it into an error
// wrapping ErrCorrupt. It is only used around code that reads the file's
// pages before the file is known to be sound.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: bbolt: %v", ErrCorrupt, r)
		}
	}()
	return fn()
}

// guardPages runs fn, a transaction, turning a panic or a memory fault
// raised inside bbolt (a damaged page met by a read) into an error wrapping
// ErrCorrupt; any other panic (a bug in fn) goes on up. Open reads no page
// of the data, so this is where damage shows.
func guardPages(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if !raisedInBolt() {
				panic(r)
			}
			err = fmt.Errorf("%w: bbolt: %v", ErrCorrupt, r)
		}
	}()
	return fn()
}

// raisedInBolt reports, from a deferred function recovering a panic,
// whether the panic was raised in bbolt's code: under the runtime's panic
// machinery, the first frame outside the standard library (bbolt faults
// inside bytes.Compare, for one) is bbolt's.
func raisedInBolt() bool {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic" || f.Function == "runtime.sigpanic":
			panicking = true
		case panicking && !standardLibrary(f.Function):
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}

// standardLibrary reports whether the function named fn ("bytes.Compare",
// "internal/bytealg.Compare", not "go.etcd.io/bbolt.(*Cursor).seek") is
// the standard library's: the first element of its import path has no dot,
// and it is not this module's or a command's main package.
func standardLibrary(fn string) bool {
	first, _, slash := strings.Cut(fn, "/")
	if !slash {
		first, _, _ = strings.Cut(fn, ".")
	}
	return !strings.Contains(first, ".") && first != "fieldbot" && first != "main"
}

// prepare makes a freshly opened file ready: it checks the file's size
// against its meta page and the schema, then, unless the schema is already
// current, creates missing buckets and runs pending migrations in one
// transaction. Read-only, it only checks the schema. It reads no data
// page beyond the few the schema check needs, so opening costs the same
// whatever the file's size; the page walk is Verify's (fieldbot check --db).
func prepare(db *bolt.DB, readOnly bool) error {
	if err := db.View(fileSize); err != nil {
		return err
	}
	if readOnly {
		return guard(func() error { return db.View(checkReadOnly) })
	}
	err := guard(func() error { return db.View(checkSchema) })
	if err == nil { // current: no write, no fsync at every start
		return err
	}
	// A damaged page can pass for missing buckets: creating them meets it.
	return guard(func() error {
		return db.Update(func(btx *bolt.Tx) error {
			if err := createBuckets(btx); err != nil {
				return err
			}
			return migrate(btx, migrations)
		})
	})
}

// fileSize refuses a file shorter than the data its meta page describes
// (a truncated copy): one stat, no page read.
func fileSize(btx *bolt.Tx) error {
	info, err := os.Stat(btx.DB().Path())
	if err != nil {
		return err
	}
	if info.Size() < btx.Size() {
		return fmt.Errorf("%w: file is %d bytes but its data runs to %d (truncated?)",
			ErrCorrupt, info.Size(), btx.Size())
	}
	return nil
}

// walkPages reads every key and value of every bucket (in this goroutine,
// so guard catches the panics and memory faults of damaged pages), then
// runs bbolt's consistency check. The check runs in a goroutine of bbolt's
// that recovers panics but not faults, hence the read first. Both cost one
// pass over the file.
func walkPages(btx *bolt.Tx) error {
	if err := fileSize(btx); err != nil {
		return err
	}
	if err := btx.ForEach(func(name []byte, b *bolt.Bucket) error { return readAll(b) }); err != nil {
		return err
	}
	return check(btx)
}

// readAll touches every key and value of b and its nested buckets.
func readAll(b *bolt.Bucket) error {
	var sum uint32
	return b.ForEach(func(k, v []byte) error {
		sum ^= crc32.ChecksumIEEE(k) ^ crc32.ChecksumIEEE(v)
		if v == nil {
			if sub := b.Bucket(k); sub != nil {
				return readAll(sub)
			}
		}
		return nil
	})
}

// check runs bbolt's consistency check and reports its first problems.
func check(btx *bolt.Tx) error {
	var problems []error
	for err := range btx.Check() {
		if len(problems) < maxCheckErrors {
			problems = append(problems, err)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: consistency check: %w", ErrCorrupt, errors.Join(problems...))
	}
	return nil
}
