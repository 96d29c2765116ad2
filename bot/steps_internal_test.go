package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// stepConsts reads the Step constants declared in session.go, so a step
// added there is seen here without anyone listing it by hand.
func stepConsts(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "session.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Step") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", name.Name)
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out[name.Name] = v
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no Step constants found in session.go; is the scan broken?")
	}
	return out
}

// TestEveryStepHasAnEntry fails when a Step is added without its row in
// the step table, or a row is left for a step that is gone.
func TestEveryStepHasAnEntry(t *testing.T) {
	consts := stepConsts(t)
	for name, step := range consts {
		st, ok := steps[step]
		switch {
		case !ok:
			t.Errorf("%s (%q) has no entry in steps", name, step)
		case st.ask == nil || st.handle == nil:
			t.Errorf("%s (%q): ask or handle missing", name, step)
		}
	}
	if len(steps) != len(consts) {
		t.Errorf("steps has %d entries for %d Step constants", len(steps), len(consts))
	}
}

// TestNavTableIsConsistent: every row is reachable in every form it
// declares, and no spelling, word or code means two commands.
func TestNavTableIsConsistent(t *testing.T) {
	seen := map[string]string{}
	claim := func(kind, key, cmd string) {
		if prev, ok := seen[kind+" "+key]; ok && prev != cmd {
			t.Errorf("%s %q means both %s and %s", kind, key, prev, cmd)
		}
		seen[kind+" "+key] = cmd
	}
	kinds := map[inputKind]string{}
	for _, r := range navTable {
		if len(r.slash) == 0 || r.code == "" {
			t.Errorf("%s: needs a slash spelling and a button code", r.cmd)
		}
		if prev, ok := kinds[r.kind]; ok {
			t.Errorf("%s and %s have the same input kind", prev, r.cmd)
		}
		kinds[r.kind] = r.cmd
		claim("code", r.code, r.cmd)
		for _, s := range r.slash {
			claim("slash", s, r.cmd)
			if commandAliases[s] != r.cmd {
				t.Errorf("/%s: alias is %q, want %s", s, commandAliases[s], r.cmd)
			}
		}
		for _, w := range r.words {
			claim("word", w, r.cmd)
		}
		if in, ok := navCommand(r.cmd); !ok || in.kind != r.kind {
			t.Errorf("navCommand(%s) = %v, %v", r.cmd, in, ok)
		}
	}
}
