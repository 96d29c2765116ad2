package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fieldbot/bot"
)

// BenchmarkBackup measures BackupTo on a database of 10,000 report
// revisions (a district of 100 units over two years of weeks), fsync on:
// the snapshot, the read back and its SHA-256, the read-only open's page
// check and the read of every record. plain-copy is the baseline measured
// in the same run: the same file copied and synced, nothing checked.
func BenchmarkBackup(b *testing.B) {
	dir := b.TempDir()
	db := openAt(b, filepath.Join(dir, "bench.db"), Options{NoSync: true})
	for w := range 100 {
		update(b, db, func(tx bot.Tx) error {
			for u := range 100 {
				r := report(fmt.Sprintf("%d-W%02d", 2020+w/52, w%52+1), fmt.Sprintf("unit-%03d", u), float64(w))
				r.Values["note"] = bot.Value{Text: "Thiếu xi măng, đường vào thôn bị sạt lở"}
				if err := tx.PutReport(r); err != nil {
					return err
				}
			}
			return nil
		})
	}
	out := filepath.Join(dir, "backup.db")
	b.Run("verified", func(b *testing.B) {
		for b.Loop() {
			bk, err := db.BackupTo(b.Context(), out)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(bk.Size)
			_ = os.Remove(out)
			_ = os.Remove(out + SumSuffix)
		}
	})
	b.Run("plain-copy", func(b *testing.B) {
		for b.Loop() {
			n, err := copyFile(db.Path(), out)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(n)
			_ = os.Remove(out)
		}
	})
}

// copyFile copies src to dst and syncs dst.
func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	f, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, in)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
