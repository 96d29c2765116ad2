package bot_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// placeConfig is the test form with a location question at the end.
func placeConfig(t *testing.T) *bot.Config {
	cfg := testConfig(t)
	cfg.Form.Fields = append(cfg.Form.Fields, bot.Field{ID: "place", Type: bot.FieldLocation,
		Label: i18n.Text{i18n.VI: "Vị trí công trình", i18n.EN: "Where the works are"}, Required: true})
	cfg.Index()
	return cfg
}

// TestLocationQuestion: a location question takes a shared place or typed
// coordinates in either decimal mark, refuses what is not a place with one
// example, and the review shows the place in the member's numbers.
func TestLocationQuestion(t *testing.T) {
	h := newHarness(t, placeConfig(t))
	fillAnBinh(h, true) // the photo skipped: now the place
	out := h.say("lan", "ở đầu bản")
	mustContain(t, out, "Chưa đọc được vị trí “ở đầu bản”", "ví dụ: 22,15123; 105,61234", "Câu 10/10")
	if n := strings.Count(strings.ToLower(out), "ví dụ"); n != 1 {
		t.Errorf("%d examples:\n%s", n, out)
	}
	mustContain(t, h.say("lan", "95; 105"), "không có trên bản đồ", "Câu 10/10")
	mustContain(t, h.say("lan", "22.15123, 105.61234"), "Vị trí công trình: vĩ độ 22,15123; kinh độ 105,61234")
	mustContain(t, h.say("lan", "10"), "Câu 10/10") // edit the place from the review
	review := texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Location: &bot.Location{Lat: 22.1, Lon: 105.55}}))
	mustContain(t, review, "Vị trí công trình: vĩ độ 22,10000; kinh độ 105,55000")
	h.say("lan", "/xacnhan")
	if r := h.revisions("an-binh"); len(r) != 1 || r[0].Values["place"].Text != "22.100000,105.550000" {
		t.Fatalf("stored %+v", r)
	}
}

// TestLocationElsewhereIsRefused: a place shared on a question that does
// not ask for one is refused, and the question asked again.
func TestLocationElsewhereIsRefused(t *testing.T) {
	h := newHarness(t, placeConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	out := texts(h.handle(bot.Update{Chat: chat("lan"), UserID: "lan", Location: &bot.Location{Lat: 22.1, Lon: 105.5}}))
	mustContain(t, out, "Câu này không hỏi vị trí", "Câu 1/10")
}

// TestTypedLocations: the forms of typed coordinates read, and the ones
// refused.
func TestTypedLocations(t *testing.T) {
	cases := map[string]string{
		"22,15123; 105,61234":  "22.151230,105.612340",
		"22,15123 105,61234":   "22.151230,105.612340",
		"22.15123, 105.61234":  "22.151230,105.612340",
		"-33.9 ; 151.2":        "-33.900000,151.200000",
		" 22.15123 105.61234 ": "22.151230,105.612340",
	}
	for in, want := range cases {
		h := newHarness(t, placeConfig(t))
		fillAnBinh(h, true)
		h.say("lan", in)
		h.say("lan", "/xacnhan")
		if r := h.revisions("an-binh"); len(r) != 1 || r[0].Values["place"].Text != want {
			t.Errorf("%q: stored %+v, want %s", in, r, want)
		}
	}
	h := newHarness(t, placeConfig(t))
	fillAnBinh(h, true)
	for _, in := range []string{"22,1", "1e1; 5", "NaN; 1", "22,1; 105,5; 3", "0x10 5", "22.1.2, 105"} {
		mustContain(t, h.say("lan", in), "Câu 10/10")
	}
}

// TestSeveralPhotos: photos sent one by one (as Zalo and the console send
// them) make one answer: the first answers the question, the next ones are
// added to it wherever the report is; the review counts them, with the
// captions; editing the question starts the answer afresh.
func TestSeveralPhotos(t *testing.T) {
	h := newHarness(t, testConfig(t))
	dir := t.TempDir()
	var paths []string
	for _, n := range []string{"a.jpg", "b.jpg", "c.jpg"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("jpeg"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	fillAnBinh(h, true)
	h.say("lan", "9")
	review := h.say("lan", "/anh "+paths[0]+" | Đường vào bản")
	mustContain(t, review, "Đã nhận 1 ảnh cho câu “Ảnh công trình”", "Ảnh công trình: 1 ảnh (“Đường vào bản”)")
	review = h.say("lan", "/anh "+paths[1])
	mustContain(t, review, "Đã nhận 2 ảnh", "Ảnh công trình: 2 ảnh (“Đường vào bản”)")
	h.say("lan", "9") // asked again: the next photo replaces the answer
	mustContain(t, h.say("lan", "/anh "+paths[2]), "Ảnh công trình: 1 ảnh\n")
	h.say("lan", "9") // asked again and skipped: a photo sent now answers nothing
	h.say("lan", "/boqua")
	if out := h.say("lan", "/anh "+paths[0]); strings.Contains(out, "Đã nhận") {
		t.Errorf("a photo after the question was skipped was taken:\n%s", out)
	}
	h.say("lan", "9")
	h.say("lan", "/anh "+paths[2])
	h.say("lan", "/xacnhan")
	if r := h.revisions("an-binh"); len(r) != 1 || r[0].Values["photo"].Text != "file:"+paths[2] {
		t.Fatalf("stored %+v", r)
	}
}

// TestConsoleAlbum: "/anh A B C" on the console sends one album, answered
// once; more than MaxPhotos photos are refused past the limit.
func TestConsoleAlbum(t *testing.T) {
	h := newHarness(t, testConfig(t))
	dir := t.TempDir()
	var paths []string
	for i := range bot.MaxPhotos + 1 {
		p := filepath.Join(dir, string(rune('a'+i))+".jpg")
		if err := os.WriteFile(p, []byte("jpeg"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	fillAnBinh(h, true)
	h.say("lan", "9")
	outs := h.handleLine("lan", "/anh "+strings.Join(paths[:3], " ")+" | Cầu tràn")
	if len(outs) != 1 {
		t.Fatalf("%d messages for an album of 3, want 1", len(outs))
	}
	mustContain(t, outs[0].Text, "Đã nhận 3 ảnh", "Ảnh công trình: 3 ảnh (“Cầu tràn”)")
	out := texts(h.handleLine("lan", "/anh "+strings.Join(paths[3:], " ")))
	mustContain(t, out, "đã có đủ 10 ảnh", "Ảnh công trình: 10 ảnh")
}

// TestChoiceByStartOfLabel: a choice takes an unambiguous start of its
// label, accents optional; an ambiguous or too short one is asked again.
func TestChoiceByStartOfLabel(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	for _, in := range []string{"12", "250,5", "/boqua", "/boqua"} {
		h.say("lan", in)
	}
	mustContain(t, h.say("lan", "tiến"), "từ 1 đến 2", "Câu 5/9") // both labels hold it, neither starts so
	mustContain(t, h.say("lan", "c"), "từ 1 đến 2", "Câu 5/9")
	mustContain(t, h.say("lan", "chậm"), "Câu 6/9")
	review := fillRest(h)
	mustContain(t, review, "Tiến độ: Chậm tiến độ")
	h.say("lan", "5")
	mustContain(t, h.say("lan", " dung "), "Tiến độ: Đúng tiến độ")
}

// fillRest answers An Bình's questions after progress and returns the review.
func fillRest(h *harness) string {
	h.say("lan", "có")
	h.say("lan", "/boqua")
	h.say("lan", "/boqua")
	return h.say("lan", "/boqua")
}

// TestMoneyPointReadAsDecimal: in Vietnamese, 350.5 on a money question
// cannot be thousands, so it is read as 350,5 and said so; 1.250 groups
// thousands as before; the review shows the value as read.
func TestMoneyPointReadAsDecimal(t *testing.T) {
	h := newHarness(t, testConfig(t))
	h.say("lan", "/baocao")
	h.say("lan", "1")
	h.say("lan", "12")
	out := h.say("lan", "350.5")
	mustContain(t, out, "Đã hiểu “350.5” là 350,5 triệu đồng", "Câu 3/9")
	for _, in := range []string{"/boqua", "/boqua", "1"} {
		h.say("lan", in)
	}
	mustContain(t, fillRest(h), "Vốn đã giải ngân: 350,5 triệu đồng / 600,0 triệu đồng")
	h.say("lan", "2")
	out = h.say("lan", "1.250")
	if strings.Contains(out, "Đã hiểu") {
		t.Errorf("1.250 said as reread:\n%s", out)
	}
	mustContain(t, out, "Vốn đã giải ngân: 1.250,0 triệu đồng")
	h.say("lan", "2")
	mustContain(t, h.say("lan", "12.5 triệu"), "Đã hiểu “12.5 triệu” là 12,5 triệu đồng")
	h.say("lan", "2")
	mustContain(t, h.say("lan", "1.2.34"), "Chưa đọc được số", "Câu 2/9")
}

// TestAlbumAfterExpiryIsToldOnce: an album sent to a conversation that
// expired meanwhile says so once, at its first photo, and nothing is kept.
func TestAlbumAfterExpiryIsToldOnce(t *testing.T) {
	h := newHarness(t, testConfig(t))
	dir := t.TempDir()
	var paths []string
	for _, n := range []string{"a.jpg", "b.jpg", "c.jpg"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("jpeg"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	fillAnBinh(h, true)
	h.say("lan", "9")
	// A draft expires once its week is over and it sat idle a day (see sessionOver).
	h.now = time.Date(2020, 9, 22, 1, 0, 0, 0, h.cfg.Area.Location)
	out := texts(h.handleLine("lan", "/anh "+strings.Join(paths, " ")))
	if n := strings.Count(out, "đã kết thúc"); n != 1 {
		t.Errorf("expiry said %d times:\n%s", n, out)
	}
	if len(h.revisions("an-binh")) != 0 {
		t.Error("something was saved")
	}
}
