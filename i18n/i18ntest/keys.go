// Package i18ntest helps tests keep the catalogs complete: it finds the
// message keys that source code uses, so a test can check that every
// language has each of them.
package i18ntest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fieldbot/i18n"
)

// KeysUsed lists the literal message keys that the non-test Go files of
// dirs pass to T, Plural or i18n.Errorf (fmt.Errorf is not a message),
// mapped to the file that uses each.
func KeysUsed(dirs ...string) (map[string]string, error) {
	keys := map[string]string{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			if err := collect(name, keys); err != nil {
				return nil, err
			}
		}
	}
	return keys, nil
}

func collect(path string, keys map[string]string) error {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return err
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if k, ok := messageKey(n); ok {
			keys[k] = path
		}
		return true
	})
	return nil
}

// keyLike is the shape of a message key: "answer.below_min".
var keyLike = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// messageKey returns the literal key of a T, Plural or Errorf call. Errorf
// is i18n.Errorf(key, ...), called qualified or not: the key is its first
// argument when that is a literal shaped like a key.
func messageKey(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	var name string
	switch fun := call.Fun.(type) {
	case *ast.SelectorExpr:
		if x, ok := fun.X.(*ast.Ident); ok && x.Name == "fmt" {
			return "", false
		}
		name = fun.Sel.Name
	case *ast.Ident:
		name = fun.Name
	}
	switch name {
	case "T", "Plural":
		return literal(call.Args[0])
	case "Errorf":
		if k, ok := literal(call.Args[0]); ok && keyLike.MatchString(k) {
			return k, true
		}
	}
	return "", false
}

// literal is the value of a string literal.
func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	k, err := strconv.Unquote(lit.Value)
	return k, err == nil && k != ""
}

// CheckKeys fails t for every key used in dirs that a language's catalog
// lacks, and when fewer than min keys are found (the scan itself broken).
// It returns the keys found.
func CheckKeys(t testing.TB, min int, dirs ...string) map[string]string {
	t.Helper()
	keys, err := KeysUsed(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < min {
		t.Fatalf("found only %d message keys in %v; is the scan broken?", len(keys), dirs)
	}
	for _, lang := range i18n.Langs {
		for k, where := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: key %q (used in %s) is missing", lang, k, where)
			}
		}
	}
	return keys
}
