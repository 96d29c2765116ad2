//go:build !unix

package store

import "os"

// lockFile does nothing where bbolt's lock is not a flock: Restore then
// relies on the file being opened by nobody (on Windows a file in use
// cannot be renamed, so the replacement fails instead).
func lockFile(*os.File) error { return nil }

// sameOwner gives the file at path the permissions of the file described
// by like; owners are not changed here.
func sameOwner(path string, like os.FileInfo) error { return os.Chmod(path, like.Mode().Perm()) }
