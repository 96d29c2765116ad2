package bot

import (
	"strings"
	"testing"
	"time"

	"fieldbot/i18n"
)

// FuzzParseCommand checks parseCommand on any typed message: it takes only
// text starting with "/", gives a known command or "?", a trimmed argument,
// and reads back "/<command> <argument>" as the same command and argument.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/baocao", "/baocao@fieldbot 2", "/BÁO_CÁO", "/báocáo", "/ngonngu en", "/trogiup", "/start K7XM-Q2PR-9DHT",
		"/moi lan", "/kenh zalo", "/quaylai", "/xacnhan", "/@", "/", "/ x", "/huy\u00a0", "hello", "", "/x@y@z  arg  with  spaces "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cmd, arg, ok := parseCommand(text)
		if ok != strings.HasPrefix(text, "/") {
			t.Fatalf("parseCommand(%q) ok = %v", text, ok)
		}
		if !ok {
			if cmd != "" || arg != "" {
				t.Fatalf("parseCommand(%q) = %q, %q for a non-command", text, cmd, arg)
			}
			return
		}
		if arg != strings.TrimSpace(arg) {
			t.Fatalf("parseCommand(%q): argument %q is not trimmed", text, arg)
		}
		if cmd == "?" {
			return
		}
		if commandAliases[cmd] != cmd {
			t.Fatalf("parseCommand(%q) = %q, not a canonical command", text, cmd)
		}
		again, arg2, ok := parseCommand("/" + cmd + " " + arg)
		if !ok || again != cmd || arg2 != arg {
			t.Fatalf("/%s %s reads as %q, %q, %v", cmd, arg, again, arg2, ok)
		}
	})
}

// FuzzNavInput checks the navigation words typed without a slash (navWord)
// and the button codes (navCode): a match is always a navigation input of
// the row it names, and a code matches only a row's exact code.
func FuzzNavInput(f *testing.F) {
	for _, s := range []string{"bỏ qua", "Bỏ Qua", "BO QUA", "quay lại", "hủy", "huỷ", "xác nhận", "giữ nguyên", "skip", "back", "cancel",
		"confirm", "keep", "sửa", "edit", "b", "s", "x", "ok", "e", "k", "1", "", " bo qua ", "bo  qua"} {
		f.Add(s)
	}
	kinds := map[inputKind]string{}
	for _, r := range navTable {
		kinds[r.kind] = r.cmd
	}
	f.Fuzz(func(t *testing.T, text string) {
		if in, ok := navWord(text); ok {
			if _, nav := kinds[in.kind]; !nav || in.n != 0 || in.text != "" {
				t.Fatalf("navWord(%q) = %+v", text, in)
			}
			if r := navByWord[i18n.Fold(text)]; r == nil || r.kind != in.kind {
				t.Fatalf("navWord(%q) = %+v, not its row's", text, in)
			}
		}
		in, ok := navCode(text)
		if !ok {
			return
		}
		found := false
		for _, r := range navTable {
			if r.code == text {
				found = r.kind == in.kind
			}
		}
		if !found {
			t.Fatalf("navCode(%q) = %+v, but no row has that code", text, in)
		}
	})
}

// FuzzParseInviteCode checks that whatever ParseInviteCode accepts is a
// canonical code (12 characters of the alphabet) that reads back from its
// display form, and that every canonical code made from the input survives
// FormatInviteCode → ParseInviteCode, in lower case and with spaces too.
func FuzzParseInviteCode(f *testing.F) {
	for _, s := range []string{"K7XM-Q2PR-9DHT", "k7xm q2pr 9dht", "K7XMQ2PR9DHT", "k7xm.q2pr.9dht", "K7XM-Q2PR-9DH", "K7XM-Q2PR-9DHO",
		"ſ7XM-Q2PR-9DHT", "  K7XM_Q2PR\t9DHT  ", "", "----", "K7XM-Q2PR-9DHT-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if code, ok := ParseInviteCode(s); ok {
			checkCanonical(t, code)
		}
		// A canonical code drawn from the input's bytes.
		var b strings.Builder
		for i := 0; i < len(s) && b.Len() < inviteLen; i++ {
			b.WriteByte(inviteAlphabet[int(s[i])%len(inviteAlphabet)])
		}
		if b.Len() == inviteLen {
			checkCanonical(t, b.String())
		}
	})
}

func checkCanonical(t *testing.T, code string) {
	t.Helper()
	if len(code) != inviteLen || strings.Trim(code, inviteAlphabet) != "" {
		t.Fatalf("code %q is not canonical", code)
	}
	shown := FormatInviteCode(code)
	for _, typed := range []string{shown, strings.ToLower(shown), strings.ReplaceAll(shown, "-", " "), code} {
		if got, ok := ParseInviteCode(typed); !ok || got != code {
			t.Fatalf("ParseInviteCode(%q) = %q, %v; want %q", typed, got, ok, code)
		}
	}
}

// FuzzNormalizePhone checks that a normalized number is a national number
// ("0" and 9–10 more digits), and that, unless it starts "00" (no
// Vietnamese number does: "840000000000" gives "0000000000", which then
// reads as an international "00" prefix), normalizing it again changes
// nothing and its +84 and 0084 forms normalize to it.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 912 345 678", "84912345678", "(+84) 912-345-678", "0084 912 345 678", "+84 0912 345 678",
		"02438253000", "+1 202 555 0100", "091234567", "0912a45678", "++84912345678", "", "+", "00", "８４912345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := NormalizePhone(s)
		if !ok {
			if d != "" {
				t.Fatalf("NormalizePhone(%q) = %q for a refusal", s, d)
			}
			return
		}
		if !strings.HasPrefix(d, "0") || len(d) < 10 || len(d) > 11 || strings.Trim(d, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q", s, d)
		}
		if d[1] == '0' {
			return
		}
		for _, form := range []string{d, "+84" + d[1:], "0084" + d[1:], "+84 " + d} {
			if again, ok := NormalizePhone(form); !ok || again != d {
				t.Fatalf("NormalizePhone(%q) = %q, %v; want %q (from %q)", form, again, ok, d, s)
			}
		}
	})
}

// FuzzParsePeriod checks ParsePeriod for weekly and monthly areas: what it
// accepts is a period that starts before it ends and is the period PeriodAt
// gives for its start; a weekly key is exactly the one typed; a key of a
// year 0–9999 parses back to the same period. (A monthly key is read
// leniently by Sscanf: "+123-05", " 202-09", "2020-9 " and "-010-10" are
// accepted as 0123-05, 0202-09, 2020-09 and -0010-10.)
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2020-W38", "2020-W01", "2020-W53", "2021-W53", "2020-09", "2020-13", "2020-00", "0000-W01", "9999-12",
		"-001-W01", "+123-05", " 202-09", "2020-9 ", "2020-W5", "2020W38", "", "2020-W38x"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		f.Fatal(err)
	}
	specs := []PeriodSpec{{Kind: Weekly, DeadlineOffset: 4*24*time.Hour + 17*time.Hour}, {Kind: Monthly}}
	f.Fuzz(func(t *testing.T, key string) {
		for _, spec := range specs {
			p, err := spec.ParsePeriod(key, loc)
			if err != nil {
				continue
			}
			if !p.Start.Before(p.End) {
				t.Fatalf("%s %q: start %v is not before end %v", spec.Kind, key, p.Start, p.End)
			}
			if spec.Kind == Weekly && p.Key != key {
				t.Fatalf("weekly %q parsed as %q", key, p.Key)
			}
			if at := spec.PeriodAt(p.Start, loc); at.Key != p.Key {
				t.Fatalf("%s %q: PeriodAt(start) is %q", spec.Kind, key, at.Key)
			}
			if p.Key[0] == '-' {
				continue // a year before 0 is written with 4 digits after the sign
			}
			again, err := spec.ParsePeriod(p.Key, loc)
			if err != nil || again.Key != p.Key || !again.Start.Equal(p.Start) || !again.End.Equal(p.End) {
				t.Fatalf("%s %q → %q does not parse back: %+v, %v", spec.Kind, key, p.Key, again, err)
			}
			if prev := spec.Prev(p); !prev.End.Equal(p.Start) {
				t.Fatalf("%s %q: the period before ends %v, not at %v", spec.Kind, key, prev.End, p.Start)
			}
			_ = spec.Deadline(p)
		}
	})
}
