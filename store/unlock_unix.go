//go:build unix

package store

import (
	"os"
	"syscall"
)

// release drops the lock on a file bbolt abandoned mid-open and closes it.
// Closing alone is not enough: the file's memory map keeps the open file
// description, and with it the flock, alive.
func release(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	_ = f.Close()
}
