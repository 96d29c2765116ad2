// Package chart draws the digest's picture for a phone: the household
// target with its trend over the last weeks against the target line and
// the pace projected to 31/12, then one panel per programme item with the
// money disbursed against the plan (amounts and ratio, triệu đồng / kế
// hoạch vốn), the district first and then the units furthest behind, "và N
// đơn vị khác" for the rest. Every text is at least MinTextPx pixels high
// in a picture of at most MaxSide pixels a side, so what Telegram keeps of
// the photo is what was drawn. Every word comes from the i18n catalogs,
// numbers are written the reader's way ("54,2%" in Vietnamese), periods
// have their human names ("Tuần 38 (14/09–20/09/2020)"), and the text is
// drawn in an embedded font that covers Vietnamese.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"fieldbot/bot/digest"
	"fieldbot/i18n"
)

// The chart's size and text.
const (
	// Width is the picture's width in pixels.
	Width = 1280
	// MaxSide is the longest side of a photo Telegram keeps at full size
	// (it scales larger ones down, text with them); the chart lays its
	// panels out to stay within it.
	MaxSide = 1280
	// MinTextPx is the smallest text drawn, in pixels of the picture.
	MinTextPx = 24
	// MinRows and MaxRows bound how many units an item's panel names: as
	// many as fit within MaxSide, at least MinRows (the picture then grows
	// taller), at most MaxRows.
	MinRows = 3
	MaxRows = 8
	dpi     = 96
)

// ErrNoPlan is returned when there is neither a target nor a plan to draw;
// the digest goes out without its picture.
var ErrNoPlan = errors.New("chart: no target and no disbursement plan to draw")

// PNG draws the chart of d in lang, Width pixels wide and as tall as its
// panels (at most MaxSide while each item names at least MinRows units).
func PNG(d *digest.Digest, lang i18n.Lang) ([]byte, error) {
	c, _, err := render(d, lang)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed} // 3× faster, 15% larger
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("chart: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// render lays out and draws the chart, returning the canvas and the texts
// drawn (for the tests of sizes and bounds).
func render(d *digest.Digest, lang i18n.Lang) (_ *vgimg.Canvas, _ *painter, err error) {
	// plot reports some failures (a font without a glyph table, an
	// impossible size) by panicking; a digest job must not take the bot
	// down with it.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: render: %v", r)
		}
	}()
	h, err := fonts()
	if err != nil {
		return nil, nil, err
	}
	p := i18n.For(lang)
	l := plan(d, p)
	if len(l.targets) == 0 && len(l.items) == 0 {
		return nil, nil, ErrNoPlan
	}
	c := vgimg.NewWith(vgimg.UseWH(px(Width), px(l.height)), vgimg.UseDPI(dpi))
	pt := &painter{c: draw.New(c), h: h, height: l.height}
	pt.fill(colorWhite, 0, 0, Width, l.height)
	l.draw(pt, d, p)
	return c, pt, nil
}

// px converts pixels to the canvas's points at the chart's resolution.
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }
