//go:build !unix

package store

import "os"

// release closes a file bbolt abandoned mid-open.
func release(f *os.File) {
	_ = f.Close()
}
