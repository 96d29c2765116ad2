//go:build unix

package store

import (
	"os"
	"syscall"
	"testing"
)

// ownedBy reports whether the file at path has that owner and group.
func ownedBy(t *testing.T, path string, uid, gid int) bool {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return int(st.Uid) == uid && int(st.Gid) == gid
}
