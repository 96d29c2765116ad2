package config

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"fieldbot/i18n"
)

// decoder walks the YAML node tree by hand, rather than unmarshalling into
// structs, so that every problem can name its line and decoding can go on
// after one to find the rest.
type decoder struct {
	problems
}

// deref follows aliases (bounded, since an anchor may contain its own alias).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is absent or an explicit null ("key:" with no value).
func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n == nil || n.Kind == yaml.AliasNode || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// what names the kind of n for "want a list, not a mapping".
func what(n *yaml.Node) *i18n.Error {
	switch n = deref(n); {
	case isNull(n):
		return msg("config.kind.nothing")
	case n.Kind == yaml.MappingNode:
		return msg("config.kind.mapping")
	case n.Kind == yaml.SequenceNode:
		return msg("config.kind.list")
	case n.Kind == yaml.ScalarNode:
		return msg("config.kind.scalar")
	case n.Kind == yaml.AliasNode:
		return msg("config.kind.alias_loop")
	}
	return msg("config.kind.other")
}

// join appends key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields is a decoded YAML mapping with known keys.
type fields struct {
	path string
	line int // the mapping's own line, used for missing keys
	vals map[string]*yaml.Node
	keys map[string]int // key → line of the key
}

// get returns the value of key, or nil when absent or null.
func (f *fields) get(key string) *yaml.Node {
	if n := f.vals[key]; !isNull(n) {
		return deref(n)
	}
	return nil
}

// has reports whether key is present with a non-null value.
func (f *fields) has(key string) bool { return f.get(key) != nil }

// at returns the line of key, or of the mapping when key is absent.
func (f *fields) at(key string) int {
	if l, ok := f.keys[key]; ok {
		return l
	}
	return f.line
}

// mapping checks that n is a mapping whose keys are all known and distinct.
// A null n gives an empty mapping, so optional sections may be left empty.
func (d *decoder) mapping(n *yaml.Node, path string, known ...string) *fields {
	f := &fields{path: path, vals: map[string]*yaml.Node{}, keys: map[string]int{}}
	if n != nil {
		f.line = n.Line
	}
	if isNull(n) {
		return f
	}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, path, "", "config.want_mapping", "got", what(n))
		return f
	}
	firstAt := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			d.problem(n.Content[i].Line, path, "", "config.key_not_word", "got", what(k))
			continue
		}
		switch {
		case firstAt[k.Value] != 0:
			d.problem(k.Line, join(path, k.Value), "", "config.key_repeated", "line", firstAt[k.Value])
		case !contains(known, k.Value):
			d.problem(k.Line, join(path, k.Value), "", "config.unknown_key", "hint", suggest(k.Value, known))
		default:
			f.vals[k.Value], f.keys[k.Value] = v, k.Line
		}
		if firstAt[k.Value] == 0 {
			firstAt[k.Value] = k.Line
		}
	}
	return f
}

// need reports the keys that are missing from f.
func (d *decoder) need(f *fields, keys ...string) {
	for _, k := range keys {
		if !f.has(k) {
			d.problem(f.at(k), join(f.path, k), "", "config.missing")
		}
	}
}

// list returns the items of a sequence; null gives none.
func (d *decoder) list(n *yaml.Node, path string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		d.problem(n.Line, path, "", "config.want_list", "got", what(n))
		return nil
	}
	return n.Content
}

// scalar returns n when it is a single non-null value, else reports it.
// A nil n (an absent key) is not reported here: d.need says what is missing.
func (d *decoder) scalar(n *yaml.Node, path string, want *i18n.Error) (*yaml.Node, bool) {
	n = deref(n)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.problem(n.Line, path, "", "config.want_other", "want", want, "got", what(n))
		return nil, false
	}
	return n, true
}

// str reads a text value. Unquoted numbers are taken as written ("0912…").
func (d *decoder) str(n *yaml.Node, path string) string {
	if n, ok := d.scalar(n, path, msg("config.kind.text")); ok {
		return strings.TrimSpace(n.Value)
	}
	return ""
}

// viNumber matches numbers written the Vietnamese way, for a hint.
var viNumber = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d{1,3}(\.\d{3})+$`)

// num reads a finite number.
func (d *decoder) num(n *yaml.Node, path string) (float64, bool) {
	n, ok := d.scalar(n, path, msg("config.kind.number"))
	if !ok {
		return 0, false
	}
	var f float64
	if t := n.ShortTag(); t != "!!int" && t != "!!float" || n.Decode(&f) != nil {
		var hint *i18n.Error
		if viNumber.MatchString(n.Value) {
			hint = msg("config.hint.yaml_number")
		}
		d.problem(n.Line, path, n.Value, "config.not_number", "hint", hint)
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.problem(n.Line, path, n.Value, "config.not_finite")
		return 0, false
	}
	return f, true
}

// integer reads a whole number.
func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	n, ok := d.scalar(n, path, msg("config.kind.whole_number"))
	if !ok {
		return 0, false
	}
	var i int
	if n.ShortTag() != "!!int" || n.Decode(&i) != nil {
		d.problem(n.Line, path, n.Value, "config.not_whole")
		return 0, false
	}
	return i, true
}

// boolean reads true or false; an absent value gives def.
func (d *decoder) boolean(n *yaml.Node, path string, def bool) bool {
	if isNull(n) {
		return def
	}
	n, ok := d.scalar(n, path, msg("config.kind.bool"))
	var b bool
	if !ok || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		if ok {
			d.problem(n.Line, path, n.Value, "config.want_bool")
		}
		return def
	}
	return b
}

// contains reports whether s is in list.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest proposes the closest known key for a typo, or lists them all.
func suggest(key string, known []string) *i18n.Error {
	if s := closest(key, known); s != nil {
		return s
	}
	sorted := append([]string(nil), known...)
	sort.Strings(sorted)
	return msg("config.hint.one_of", "list", strings.Join(sorted, ", "))
}

// closest is ` (did you mean "x"?)` for the known word within two edits of
// key, or nil.
func closest(key string, known []string) *i18n.Error {
	best, bestD := "", 3
	for _, k := range known {
		if dist := distance(key, k); dist < bestD {
			best, bestD = k, dist
		}
	}
	if best == "" {
		return nil
	}
	return msg("config.hint.did_you_mean", "word", best)
}

// distance is the Levenshtein distance between short ASCII keys.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// word reads a text value that must not be empty.
func (d *decoder) word(n *yaml.Node, path string) string {
	s := d.str(n, path)
	if r := deref(n); s == "" && r != nil && r.Kind == yaml.ScalarNode && !isNull(r) {
		d.problem(r.Line, path, "", "config.empty")
	}
	return s
}

// pair is one entry of a mapping whose keys are data (field ids), not schema.
type pair struct {
	key  string
	path string
	line int
	val  *yaml.Node
}

// pairs reads a mapping with free keys, refusing repeated keys.
func (d *decoder) pairs(n *yaml.Node, path string) []pair {
	if isNull(n) {
		return nil
	}
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, path, "", "config.want_mapping", "got", what(n))
		return nil
	}
	var out []pair
	firstAt := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			d.problem(n.Content[i].Line, path, "", "config.key_not_word", "got", what(k))
			continue
		}
		if at := firstAt[k.Value]; at != 0 {
			d.problem(k.Line, join(path, k.Value), "", "config.key_repeated", "line", at)
			continue
		}
		firstAt[k.Value] = k.Line
		out = append(out, pair{key: k.Value, path: join(path, k.Value), line: k.Line, val: n.Content[i+1]})
	}
	return out
}
