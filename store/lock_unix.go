//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes the lock bbolt takes on a database file (flock,
// exclusive), without waiting: ErrLocked when a process holds it.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrLocked
	}
	return err
}
