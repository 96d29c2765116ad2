package digest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fieldbot/bot"
	"fieldbot/bot/digest"
	"fieldbot/bot/digest/digesttest"
	"fieldbot/i18n"
)

// fileOf is a renderer of ext that waits wait and returns "<ext>:<lang>"
// (nothing when empty is set).
func fileOf(ext string, wait time.Duration, chair, empty bool) digest.Renderer {
	return digest.Renderer{Ext: ext, Chair: chair, Render: func(_ *digest.Digest, l i18n.Lang) ([]byte, error) {
		time.Sleep(wait)
		if empty {
			return nil, nil
		}
		return []byte(ext + ":" + string(l)), nil
	}}
}

// TestRenderKeepsTheRenderersOrder: the renderers run at the same time, yet
// the files come in the renderers' order, a renderer with nothing to show
// is left out, and the chairs' file goes apart.
func TestRenderKeepsTheRenderersOrder(t *testing.T) {
	d := digesttest.Sample()
	g := digest.NewDigester(&bot.Config{Period: bot.PeriodSpec{Kind: bot.Weekly}},
		fileOf("png", 30*time.Millisecond, false, false), fileOf("svg", 0, false, true),
		fileOf("xlsx", 0, false, false), fileOf("pdf", 10*time.Millisecond, true, false))
	msgs, err := g.Render(d, []i18n.Lang{i18n.VI, i18n.EN})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
		m := msgs[l]
		var got []string
		for _, a := range m.Attach {
			got = append(got, string(a.Data))
		}
		if want := "png:" + string(l) + " xlsx:" + string(l); strings.Join(got, " ") != want {
			t.Errorf("%s attachments %v, want %s", l, got, want)
		}
		if len(m.ChairAttach) != 1 || string(m.ChairAttach[0].Data) != "pdf:"+string(l) || m.ChairAttach[0].Name != digest.FileName(d.Period, l, "pdf") {
			t.Errorf("%s chair attachments %+v, want the pdf", l, m.ChairAttach)
		}
		if m.Text == "" {
			t.Errorf("%s: no text", l)
		}
	}
}

// TestRendererFailureReachesTheCaller: a renderer's error is Render's, and
// its panic is raised in the caller's goroutine (where the engine recovers
// it), not in one of its own that would stop the bot.
func TestRendererFailureReachesTheCaller(t *testing.T) {
	cfg := &bot.Config{Period: bot.PeriodSpec{Kind: bot.Weekly}}
	broken := errors.New("no font")
	failing := digest.Renderer{Ext: "png", Render: func(*digest.Digest, i18n.Lang) ([]byte, error) { return nil, broken }}
	if _, err := digest.NewDigester(cfg, failing).Render(digesttest.Sample(), []i18n.Lang{i18n.VI}); !errors.Is(err, broken) {
		t.Errorf("Render = %v, want the renderer's error", err)
	}
	panicking := digest.Renderer{Ext: "png", Render: func(*digest.Digest, i18n.Lang) ([]byte, error) { panic("index out of range") }}
	defer func() {
		if r := recover(); r != "index out of range" {
			t.Errorf("recovered %v, want the renderer's panic", r)
		}
	}()
	_, err := digest.NewDigester(cfg, panicking).Render(digesttest.Sample(), []i18n.Lang{i18n.VI})
	t.Errorf("Render returned %v instead of panicking", err)
}
