package config

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a configuration file.
type Problem struct {
	Line  int    // 1-based line in the file; 0 when unknown
	Path  string // field path, e.g. "units[3].code"
	Value string // the offending value, when there is one worth quoting
	Msg   string // what is wrong, in English for the admin
}

// String formats p without the file name: `42: units[3].code "ban-thi": duplicate unit code`.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%d: %s", p.Line, p.body())
	}
	return p.body()
}

// body is p without its line.
func (p Problem) body() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Value != "" {
		fmt.Fprintf(&b, " %q", p.Value)
	}
	if p.Path != "" || p.Value != "" {
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in one configuration file; Parse returns it
// so that `fieldbot check` can list them all at once.
type Error struct {
	File     string
	Problems []Problem // sorted by line, in the order found within a line
}

// Error lists the problems one per line, each prefixed with file and line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Line > 0 {
			lines[i] = fmt.Sprintf("%s:%d: %s", e.File, p.Line, p.body())
		} else {
			lines[i] = e.File + ": " + p.body()
		}
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems while a file is decoded and checked.
type problems struct {
	list []Problem
}

// add records a problem; value is quoted in the message when not empty.
func (ps *problems) add(line int, path, value, format string, args ...any) {
	ps.list = append(ps.list, Problem{Line: line, Path: path, Value: value, Msg: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing is wrong, else an *Error sorted by line.
func (ps *problems) err(file string) error {
	if len(ps.list) == 0 {
		return nil
	}
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].Line < ps.list[j].Line })
	return &Error{File: file, Problems: ps.list}
}
