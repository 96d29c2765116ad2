package platform

import (
	"errors"
	"testing"

	"fieldbot/bot"
)

func TestProgress(t *testing.T) {
	var p Progress
	p.Remember(1, 2, bot.Temporary(errors.New("502")))
	if n := p.Done(1); n != 2 {
		t.Fatalf("after 2 calls and a temporary failure: %d, want 2", n)
	}
	p.Remember(1, 3, bot.Refused(bot.ReasonFileRefused, errors.New("too big")))
	if n := p.Done(1); n != 0 {
		t.Errorf("a message refused for good is remembered: %d", n)
	}
	p.Remember(2, 2, bot.Temporary(errors.New("timeout")))
	p.Remember(2, 4, nil)
	if n := p.Done(2); n != 0 {
		t.Errorf("a delivered message is remembered: %d", n)
	}
}
