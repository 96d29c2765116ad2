package bot_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// TestCatalogHasEveryKeyUsed finds every literal message key passed to T,
// Plural or Errorf in the bot and cmd sources, and the keys built from
// command and field-type names, and checks each exists in every language.
func TestCatalogHasEveryKeyUsed(t *testing.T) {
	keys := map[string]string{}
	for _, dir := range []string{".", "console", "../cmd/fieldbot"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			collectKeys(t, f, keys)
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys; is the scan broken?", len(keys))
	}
	for _, c := range []string{"back", "skip", "cancel", "confirm", "edit", "keep"} {
		keys["cmd."+c], keys["button."+c] = "nav", "nav"
	}
	for _, ft := range []bot.FieldType{bot.FieldInteger, bot.FieldDecimal, bot.FieldMoney, bot.FieldPercent,
		bot.FieldText, bot.FieldSelect, bot.FieldYesNo, bot.FieldDate, bot.FieldPhoto} {
		keys["example."+string(ft)] = "field type"
	}
	for _, lang := range i18n.Langs {
		for _, pair := range bot.CommandNames(lang) {
			if pair[1] == "" || pair[1][0] == '[' {
				t.Errorf("%s: menu entry %q has no description", lang, pair[0])
			}
		}
		for k, where := range keys {
			if !i18n.Has(lang, k) {
				t.Errorf("%s: key %q (used in %s) is missing", lang, k, where)
			}
		}
	}
}

func collectKeys(t *testing.T, path string, keys map[string]string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "Plural" && sel.Sel.Name != "Errorf") {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fmt" {
			return true
		}
		arg := call.Args[0]
		if sel.Sel.Name == "Errorf" && len(call.Args) > 2 { // bot.Errorf(op, err, key, ...)
			arg = call.Args[2]
		}
		if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if k, err := strconv.Unquote(lit.Value); err == nil && k != "" {
				keys[k] = path
			}
		}
		return true
	})
}
