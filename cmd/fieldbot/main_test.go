package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// frozen is a clock that stands still, so transcripts are stable.
var frozen = bot.ClockFunc(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })

// runCmd runs the real command line with input on stdin and returns what it
// printed and its exit code.
func runCmd(t *testing.T, input string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(input), stdout: &out, stderr: &errb, p: i18n.For(i18n.VI), clock: frozen}
	code = e.run(context.Background(), args)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/fieldbot -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; diff it, and run with -update if the change is right.\n--- got ---\n%s", name, got)
	}
}

func script(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

func TestTranscriptVietnamese(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"1",        // play Nguyễn Văn An
		"/baocao",  // start
		"2",        // Xã Ngọc Phái
		"15",       // households
		"/quaylai", // back
		"14",       // households again
		"2",        // works
		"420.5",    // disbursed, with a phone's decimal point: read as 420,5
		"1",        // projects
		"/boqua",   // required: refused
		"150 triệu",
		"2", // progress: behind
		"Mưa lũ kéo dài, 01 công trình chậm thi công.",
		"/boqua", // proposals
		"/boqua", // photo
		"1",      // edit answer 1 from the review
		"13",
		"/xacnhan",
		"/trangthai",
	), "demo", "--db", db, "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "transcript_vi.golden", out)
}

func TestTranscriptEnglish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"/lang",
		"/report",
		"1",
		"12",
		"2",
		"1,234.5", // above plan: a warning at review
		"1",
		"/skip",
		"1.5 billion",
		"1",
		"/skip",
		"Please speed up the transfer of the remaining capital.",
		"/skip",
		"/confirm",
		"/status",
		"/ngonngu vi",
	), "demo", "--db", db, "--as", "dinh-van-khanh", "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "transcript_en.golden", out)
}
