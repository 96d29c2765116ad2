package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the fieldbot command, so a
// test can run the real program in a child process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("FIELDBOT_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// child is the real fieldbot running in another process.
type child struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "FIELDBOT_TEST_MAIN=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, lines: make(chan string, 1000)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return c
}

// say types a line and waits until the output shows want.
func (c *child) say(t *testing.T, line, want string) {
	t.Helper()
	if _, err := io.WriteString(c.in, line+"\n"); err != nil {
		t.Fatal(err)
	}
	c.expect(t, want)
}

func (c *child) expect(t *testing.T, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var seen []string
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("the program ended before printing %q:\n%s", want, strings.Join(seen, "\n"))
			}
			seen = append(seen, l)
			if strings.Contains(l, want) {
				return
			}
		case <-ctx.Done():
			t.Fatalf("no %q in the output:\n%s", want, strings.Join(seen, "\n"))
		}
	}
}

// TestKilledMidReportResumes kills the real process with SIGKILL in the
// middle of a report, starts it again on the same database, and finishes:
// the answers given before the kill are kept and the report is stored once.
func TestKilledMidReportResumes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	args := []string{"demo", "--db", db, "--as", "ly-thi-mai", "--now", "2020-09-16 09:00"}
	c := startChild(t, args...)
	c.expect(t, "Xin chào Lý Thị Mai")
	c.say(t, "/baocao", "Xã Nghĩa Tá")
	c.say(t, "1", "Câu 1/9")
	c.say(t, "7", "Câu 2/9")
	c.say(t, "2", "Câu 3/9")
	c.say(t, "311,5", "Câu 4/9")
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()

	c = startChild(t, args...)
	c.expect(t, "Tiếp tục phần báo cáo đang dở")
	c.expect(t, "Câu 4/9")
	c.say(t, "1", "Câu 5/9")
	c.say(t, "120", "Câu 6/9")
	c.say(t, "1", "Câu 7/9")
	c.say(t, "/boqua", "Câu 8/9")
	c.say(t, "/boqua", "Câu 9/9")
	c.say(t, "/boqua", "1. Số hộ thoát nghèo từ đầu năm: 7 hộ")
	c.say(t, "/xacnhan", "Đã lưu báo cáo của Xã Nghĩa Tá (lần 1")
	c.say(t, "/trangthai", "✅ Xã Nghĩa Tá — đã báo cáo lúc 16/09/2020 09:")
	_ = c.in.Close()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("second run: %v", err)
	}
}
