package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// photoFiles writes n small files to attach with /anh, and returns their
// paths joined by spaces (one album line).
func photoFiles(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := range n {
		p := filepath.Join(dir, string(rune('a'+i))+".jpg")
		if err := os.WriteFile(p, []byte("\xff\xd8\xff\xe0 jpeg"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return strings.Join(paths, " ")
}

// TestTranscriptAlbumVietnamese: a guided report whose photo question is
// answered by an album of three photos with a caption, sent as one console
// line (one update a photo, as Telegram sends an album); on the way, a
// refusal with one example, a money figure typed with a phone's decimal
// point, and a choice by the start of its label.
func TestTranscriptAlbumVietnamese(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"1",
		"/baocao",
		"2",        // Xã Ngọc Phái
		"mười bốn", // not a number: one example, the help left out
		"14",
		"2",
		"420.5", // read as 420,5
		"1",
		"150 triệu",
		"chậm", // Chậm tiến độ
		"Mưa lũ kéo dài, 01 công trình chậm thi công.",
		"/boqua",
		"/anh "+photoFiles(t, 3)+" | Đường vào bản Nà Pẻn", // the album: one answer, one reply
		"/xacnhan",
	), "demo", "--db", db, "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "album_vi.golden", out)
}

// TestTranscriptAlbumEnglish is the same report in English.
func TestTranscriptAlbumEnglish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, code := runCmd(t, script(
		"/lang",
		"/report",
		"1",
		"twelve",
		"12",
		"2",
		"350.5",
		"1",
		"85.5",
		"beh", // Behind schedule
		"Rain delayed one rural road.",
		"/skip",
		"/photo "+photoFiles(t, 3)+" | Road to Nà Pẻn village",
		"/confirm",
	), "demo", "--db", db, "--as", "dinh-van-khanh", "--now", "2020-09-16 09:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "album_en.golden", out)
}
