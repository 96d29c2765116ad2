package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"fieldbot/store"
)

// A running bot holds its database's lock (bbolt allows one process), so
// a command that only reads (export) cannot open it. fieldbot run
// therefore listens on a unix socket beside the database, FILE.sock (mode
// 0600: only the bot's user may connect; removed at shutdown), and answers
// each connection with a consistent copy of the database made in one read
// transaction (store.DB.Snapshot): a header line "fieldbot-snapshot SIZE",
// then SIZE bytes of a bbolt file. openForReading opens the database
// itself when it can, and otherwise asks that socket for a copy.

// snapshotSuffix names the socket beside the database.
const snapshotSuffix = ".sock"

// snapshotHeader starts the answer, followed by the size and a newline.
const snapshotHeader = "fieldbot-snapshot "

// Timing of snapshots.
const (
	lockWait          = 200 * time.Millisecond // for the database's lock before asking the bot
	snapshotDial      = 2 * time.Second        // to reach the bot's socket
	snapshotIdle      = time.Minute            // without a byte moving either way
	snapshotMaxLength = 64 << 30               // a header claiming more is not believed
)

// snapshotServer serves copies of the database on the socket beside it.
type snapshotServer struct {
	db   *store.DB
	path string // the socket
	ln   *net.UnixListener
	log  *slog.Logger
	wg   sync.WaitGroup
}

// listenSnapshots binds the socket beside dbPath. It is called while the
// database's lock is held, so a socket left there is a crashed run's and
// is replaced; anything else of that name is left alone (an error). The
// socket is bound inside a new folder of mode 0700, given mode 0600, then
// renamed into place, so no other user can reach it at any moment.
func listenSnapshots(dbPath string, db *store.DB, log *slog.Logger) (*snapshotServer, error) {
	path := dbPath + snapshotSuffix
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSocket == 0 {
		return nil, fmt.Errorf("snapshot socket %s: %w (not a socket)", path, fs.ErrExist)
	}
	dir, err := os.MkdirTemp(filepath.Dir(path), ".fieldbot-sock-")
	if err != nil {
		return nil, fmt.Errorf("snapshot socket %s: %w", path, err)
	}
	defer os.RemoveAll(dir) // empty once the socket is renamed out of it
	tmp := filepath.Join(dir, "s")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("snapshot socket %s: %w", path, err)
	}
	ln.SetUnlinkOnClose(false) // it is renamed: serve removes it by its new name
	if err := os.Chmod(tmp, 0o600); err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("snapshot socket %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("snapshot socket %s: %w", path, err)
	}
	return &snapshotServer{db: db, path: path, ln: ln, log: log}, nil
}

// serve answers connections until ctx ends, then removes the socket and
// waits for the copies under way (cut off by ctx).
func (s *snapshotServer) serve(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() { _ = s.ln.Close() })
	defer stop()
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("snapshot socket failed", "err", err)
			}
			break
		}
		s.wg.Go(func() { s.answer(ctx, conn) })
	}
	_ = s.ln.Close()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.log.Warn("snapshot socket not removed", "path", s.path, "err", err)
	}
	s.wg.Wait()
}

// answer writes one copy of the database to conn.
func (s *snapshotServer) answer(ctx context.Context, conn *net.UnixConn) {
	defer conn.Close()
	start := time.Now()
	w := &idleWriter{conn: conn}
	n, err := s.db.Snapshot(ctx, w, func(size int64) error {
		_, err := fmt.Fprintf(w, "%s%d\n", snapshotHeader, size)
		return err
	})
	if err != nil {
		s.log.Warn("snapshot not sent", "err", err)
		return
	}
	s.log.Info("snapshot sent", "bytes", n, "took", time.Since(start).Round(time.Millisecond))
}

// idleWriter gives each write snapshotIdle to go through, so a reader that
// stops reading does not hold the read transaction for ever.
type idleWriter struct{ conn net.Conn }

func (w *idleWriter) Write(p []byte) (int, error) {
	if err := w.conn.SetWriteDeadline(time.Now().Add(snapshotIdle)); err != nil {
		return 0, err
	}
	return w.conn.Write(p)
}

// errNoSnapshot is wrapped when the database is locked and no bot answers
// on its socket (another command holds it, or a bot too old to serve).
var errNoSnapshot = errors.New("no snapshot socket answers")

// openForReading opens the database at path to read, whether or not a bot
// runs on it: the file itself, read-only, when its lock is free within
// lockWait; otherwise a copy fetched from the running bot's socket into a
// temporary file (mode 0600), opened read-only. cleanup closes the
// database and removes the copy. When no bot answers, the error is the
// one of a database in use, naming the file. Read-only commands (export,
// and the history and roster exports to come) share it.
func (e *env) openForReading(ctx context.Context, path string) (db *store.DB, cleanup func(), err error) {
	db, err = store.Open(path, store.Options{Timeout: lockWait, ReadOnly: true})
	if err == nil {
		return db, func() { _ = db.Close() }, nil
	}
	if !errors.Is(err, store.ErrLocked) {
		return nil, nil, &fileError{kind: dbFile, path: path, err: err}
	}
	sock := path + snapshotSuffix
	copyPath, serr := fetchSnapshot(ctx, sock, os.TempDir(), filepath.Dir(path))
	if serr != nil {
		return nil, nil, &fileError{kind: dbFile, path: path, err: errors.Join(err, serr)}
	}
	db, err = store.Open(copyPath, store.Options{Timeout: lockWait, ReadOnly: true})
	if err != nil {
		_ = os.Remove(copyPath)
		return nil, nil, &fileError{kind: dbFile, path: path, err: fmt.Errorf("snapshot from %s: %w", sock, err)}
	}
	fmt.Fprintln(e.stderr, e.p.T("cli.export_snapshot", "socket", sock))
	return db, func() { _ = db.Close(); _ = os.Remove(copyPath) }, nil
}

// fetchSnapshot asks the bot listening on sock for a copy of its database
// and writes it to a new temporary file in the first of dirs where one can
// be made (an image without /tmp: the database's folder), whose path it
// returns. A copy cut short (fewer bytes than its header said) is an
// error, and removed.
func fetchSnapshot(ctx context.Context, sock string, dirs ...string) (path string, err error) {
	d := net.Dialer{Timeout: snapshotDial}
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return "", fmt.Errorf("%w: %w", errNoSnapshot, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	_ = conn.SetReadDeadline(time.Now().Add(snapshotIdle))
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("%w: header: %w", errNoSnapshot, err)
	}
	sizeText, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), snapshotHeader)
	size, perr := strconv.ParseInt(sizeText, 10, 64)
	if !ok || perr != nil || size <= 0 || size > snapshotMaxLength {
		return "", fmt.Errorf("%w: header %q", errNoSnapshot, line)
	}
	if len(dirs) == 0 {
		dirs = []string{""} // the system's temp folder
	}
	var f *os.File
	for _, dir := range dirs {
		if f, err = os.CreateTemp(dir, "fieldbot-snapshot-*.db"); err == nil {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("snapshot: %w", cerr)
		}
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	n, err := io.CopyN(f, &idleReader{conn: conn, r: br}, size)
	if err != nil {
		return "", fmt.Errorf("snapshot: %d of %d bytes: %w", n, size, err)
	}
	return f.Name(), nil
}

// idleReader gives each read snapshotIdle to bring something.
type idleReader struct {
	conn net.Conn
	r    io.Reader
}

func (r *idleReader) Read(p []byte) (int, error) {
	if err := r.conn.SetReadDeadline(time.Now().Add(snapshotIdle)); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
