package i18ntest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestKeysUsed(t *testing.T) {
	dir := t.TempDir()
	src := `package x

import "fmt"

func f(p interface{ T(string, ...any) string }) {
	p.T("a.one")
	p.Plural("a.two", 2)
	i18n.Errorf("a.three", "n", 1)
	Errorf("a.six")
	_ = fmt.Errorf("not %s a key", "x")
	p.T(someVar)
}
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte("package x\nfunc g() { p.T(\"a.test\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	keys, err := KeysUsed(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a.one", "a.two", "a.three", "a.six"} {
		if keys[k] == "" {
			t.Errorf("key %q not found", k)
		}
	}
	if len(keys) != 4 {
		t.Errorf("keys = %v, want exactly the four", keys)
	}
}
