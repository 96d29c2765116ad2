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

// sameOwner gives the file at path the owner, group and permissions of
// the file described by like (a restore run by root keeps the file the
// service's user had). Changing the owner needs root; without it the
// owner is left as it is, which is then already the user's.
func sameOwner(path string, like os.FileInfo) error {
	if st, ok := like.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		if err := os.Chown(path, int(st.Uid), int(st.Gid)); err != nil {
			return err
		}
	}
	return os.Chmod(path, like.Mode().Perm())
}
