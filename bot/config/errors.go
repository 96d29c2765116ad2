package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"fieldbot/i18n"
)

// Problem is one thing wrong with a configuration file.
type Problem struct {
	Line  int    // 1-based line in the file; 0 when unknown
	Path  string // field path, e.g. "units[3].code"
	Value string // the offending value, when there is one worth quoting
	Msg   string // what is wrong, in English (logs, Error)
	// Key and Args are the message in the catalogs (config.json), which
	// Render puts in the reader's language; a Problem without a Key renders
	// its Msg.
	Key  string
	Args []any
}

// Render formats p in pr's language, with its line:
// `dòng 42: units[3].code "ban-thi": mã đơn vị bị trùng (đã có ở dòng 12)`.
func (p Problem) Render(pr *i18n.Printer) string {
	msg := p.Msg
	if p.Key != "" {
		msg = render(pr, p.Key, p.Args)
	}
	body := p.withMsg(msg)
	if p.Line > 0 {
		return pr.T("config.at_line", "line", p.Line, "problem", body)
	}
	return body
}

// String formats p without the file name: `42: units[3].code "ban-thi": duplicate unit code`.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%d: %s", p.Line, p.body())
	}
	return p.body()
}

// body is p without its line.
func (p Problem) body() string { return p.withMsg(p.Msg) }

// withMsg is p's path and value followed by msg.
func (p Problem) withMsg(msg string) string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Value != "" {
		fmt.Fprintf(&b, " %q", p.Value)
	}
	if p.Path != "" || p.Value != "" {
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// render fills the catalog message key in pr's language. An argument that
// is itself a message (*i18n.Error, such as a hint or "a list") is rendered
// first in the same language; a nil one is empty.
func render(pr *i18n.Printer, key string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case *i18n.Error:
			if v == nil {
				out[i] = ""
			} else {
				out[i] = render(pr, v.Key, v.Args)
			}
		case orList:
			out[i] = v.render(pr)
		default:
			out[i] = a
		}
	}
	return pr.T(key, out...)
}

// msg is a catalog message used as an argument of another.
func msg(key string, args ...any) *i18n.Error { return i18n.Errorf(key, args...) }

// orList is a list of choices written "a, b or c" in the reader's language.
type orList []string

func (l orList) render(pr *i18n.Printer) string {
	if len(l) < 2 {
		return strings.Join(l, "")
	}
	return strings.Join(l[:len(l)-1], ", ") + " " + pr.T("config.or") + " " + l[len(l)-1]
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

// english renders the problems' Msg.
var english = i18n.For(i18n.EN)

// problem records a problem told by the catalog message key with its
// name/value arguments; value is quoted in the message when not empty.
func (ps *problems) problem(line int, path, value, key string, args ...any) {
	ps.list = append(ps.list, Problem{Line: line, Path: path, Value: value,
		Msg: render(english, key, args), Key: key, Args: args})
}

// problemErr records err as a problem: in the reader's language when it is
// a catalog message (*i18n.Error, as checkCron and parseDeadline return).
func (ps *problems) problemErr(line int, path, value string, err error) {
	var m *i18n.Error
	if errors.As(err, &m) {
		ps.problem(line, path, value, m.Key, m.Args...)
		return
	}
	ps.add(line, path, value, "%v", err)
}

// add records a problem in English only (Render shows it as it is); new
// checks use problem, so that check speaks the reader's language.
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
