package platform

import (
	"errors"
	"sync"

	"fieldbot/bot"
)

// Progress remembers, per outbox message, how many of its platform calls
// (text parts, photos) already went out, so that a retry after a failure
// part-way does not send the earlier parts again. It is kept in memory: a
// restart may repeat them. The zero value is ready to use.
type Progress struct {
	mu   sync.Mutex
	done map[uint64]int
}

// Done is how many calls of message id already went out.
func (p *Progress) Done(id uint64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[id]
}

// Remember records that n calls of message id went out; a message that is
// finished, refused for good, or had none go out is forgotten.
func (p *Progress) Remember(id uint64, n int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var se *bot.SendError
	if err == nil || errors.As(err, &se) && se.Permanent() || n == 0 {
		delete(p.done, id)
		return
	}
	if p.done == nil {
		p.done = map[uint64]int{}
	}
	p.done[id] = n
}
