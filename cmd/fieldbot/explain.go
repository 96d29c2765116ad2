package main

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"fieldbot/bot/config"
	"fieldbot/store"
)

// fileKind says what a file is for, to name it in a message.
type fileKind string

// The files a command opens.
const (
	configFile fileKind = "config"  // the YAML configuration
	dbFile     fileKind = "db"      // the bbolt database
	outFolder  fileKind = "out"     // where digest writes its files
	outFile    fileKind = "outfile" // one file digest writes
	tokenFile  fileKind = "token"   // a bot's token (--token-file, --zalo-token-file)
)

// fileError is a file that could not be opened, read or written: which
// file, what it is for, and the system's error (kept for -v).
type fileError struct {
	kind   fileKind
	path   string
	create bool // the file is made when missing (a database opened to write)
	err    error
}

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// saidError is a failure already put in the user's words (msg), with the
// technical cause kept for -v.
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

// explain puts a failure into one sentence in the user's language, naming
// the file once. The system's wording ("open …: no such file or
// directory") is left to -v; only a failure no sentence fits is quoted.
func (e *env) explain(err error) string {
	var fe *fileError
	var cfgErr *config.Error
	var opErr *net.OpError
	var private *privateListenError
	switch {
	case errors.As(err, &cfgErr):
		return e.configProblems(cfgErr)
	case errors.As(err, &fe):
		return e.explainFile(fe)
	case errors.As(err, &private) && errors.As(err, &opErr) && opErr.Op == "listen":
		return e.explainListen(opErr, "--metrics-listen")
	case errors.As(err, &opErr) && opErr.Op == "listen":
		return e.explainListen(opErr, "--listen")
	}
	return err.Error()
}

// explainListen says why the HTTP server could not take its address, given
// by flag.
func (e *env) explainListen(op *net.OpError, flag string) string {
	addr := ""
	if op.Addr != nil {
		addr = op.Addr.String()
	}
	switch {
	case errors.Is(op.Err, syscall.EADDRINUSE):
		return e.p.T("cli.listen_in_use", "addr", addr, "flag", flag)
	case errors.Is(op.Err, fs.ErrPermission):
		return e.p.T("cli.listen_denied", "addr", addr, "flag", flag)
	}
	return e.p.T("cli.listen_failed", "addr", addr) + "\n" + e.p.T("cli.detail", "err", op.Err.Error())
}

// explainFile says why a file could not be used.
func (e *env) explainFile(fe *fileError) string {
	what := e.p.T("cli.file." + string(fe.kind))
	args := []any{"what", what, "file", fe.path, "dir", filepath.Dir(fe.path)}
	switch err := fe.err; {
	case errors.Is(err, store.ErrLocked):
		return e.p.T("cli.db_in_use", args...)
	case errors.Is(err, store.ErrCorrupt):
		return e.p.T("cli.db_corrupt", args...)
	case errors.Is(err, store.ErrNewerSchema):
		return e.p.T("cli.db_newer", args...)
	case errors.Is(err, store.ErrOlderSchema):
		return e.p.T("cli.db_older", args...)
	case errors.Is(err, syscall.EISDIR):
		return e.p.T("cli.file_is_dir", args...)
	case errors.Is(err, syscall.ENOTDIR):
		return e.p.T("cli.file_not_dir", args...)
	case errors.Is(err, fs.ErrNotExist):
		if fe.create || fe.kind == outFolder || fe.kind == outFile {
			if _, serr := os.Stat(filepath.Dir(fe.path)); errors.Is(serr, fs.ErrNotExist) {
				return e.p.T("cli.file_no_folder", args...)
			}
		}
		return e.p.T("cli.file_not_found", args...)
	case errors.Is(err, fs.ErrPermission):
		if fe.create || fe.kind == outFolder || fe.kind == outFile {
			return e.p.T("cli.file_denied_write", args...)
		}
		return e.p.T("cli.file_denied", args...)
	}
	return e.p.T("cli.file_failed", args...) + "\n" + e.p.T("cli.detail", "err", fe.err.Error())
}

// configProblems lists a configuration's problems, each with its line, in
// the user's language.
func (e *env) configProblems(ce *config.Error) string {
	var b strings.Builder
	b.WriteString(e.p.Plural("cli.config_invalid", len(ce.Problems), "file", ce.File))
	for _, p := range ce.Problems {
		b.WriteString("\n  " + p.Render(e.p))
	}
	return b.String()
}
