package telegramtest

import (
	"strings"
	"time"
)

// Window is one limit a strict fake enforces: at most Calls messages in any
// span of Per (a sliding window, not a fixed one).
type Window struct {
	Calls int
	Per   time.Duration
}

// Limits are the flood limits a strict fake enforces on the calls that send
// or edit a message (sendMessage, sendPhoto, sendDocument, ...,
// editMessageText; not sendChatAction or answerCallbackQuery).
type Limits struct {
	Global  Window // over all chats
	Private Window // per private chat (a positive chat_id)
	Group   Window // per group chat (a negative chat_id)
}

// TelegramLimits are the Bot API's published limits: 30 messages a second
// over all chats, one a second per private chat, 20 a minute per group.
var TelegramLimits = Limits{
	Global:  Window{Calls: 30, Per: time.Second},
	Private: Window{Calls: 1, Per: time.Second},
	Group:   Window{Calls: 20, Per: time.Minute},
}

// strict is the state of the limits being enforced.
type strict struct {
	limits  Limits
	all     []time.Time            // accepted messages, oldest first
	chats   map[string][]time.Time // by chat id
	limited int                    // 429s answered
	byChat  map[string]int         // 429s answered, by chat id
}

// Enforce makes the fake answer 429 with parameters.retry_after, as
// Telegram does, to a message call that would put more messages than l
// allows into any window (counted at the moment each call arrives; a call
// refused with 429 does not count). A hook's fault comes first.
func (s *Server) Enforce(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.strict = &strict{limits: l, chats: map[string][]time.Time{}, byChat: map[string]int{}}
}

// Limited is how many calls the enforced limits refused with 429.
func (s *Server) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.strict == nil {
		return 0
	}
	return s.strict.limited
}

// LimitedIn is how many calls to chat the enforced limits refused with 429.
func (s *Server) LimitedIn(chat string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.strict == nil {
		return 0
	}
	return s.strict.byChat[chat]
}

// counted reports whether the limits count a call of method.
func counted(method string) bool {
	m := strings.ToLower(method)
	return (strings.HasPrefix(m, "send") && m != "sendchataction") || strings.HasPrefix(m, "edit")
}

// limit checks c against the enforced limits and counts it when it fits;
// otherwise it returns the 429 to answer.
func (s *Server) limit(c Call) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.strict
	if st == nil || !counted(c.Method) {
		return nil
	}
	chat := c.Chat()
	w := st.limits.Private
	if strings.HasPrefix(chat, "-") {
		w = st.limits.Group
	}
	st.all = inWindow(st.all, st.limits.Global, c.At)
	mine := inWindow(st.chats[chat], w, c.At)
	wait := max(over(st.all, st.limits.Global, c.At), over(mine, w, c.At))
	if wait > 0 {
		st.chats[chat] = mine
		st.limited++
		st.byChat[chat]++
		return TooManyRequests(int((wait + time.Second - 1) / time.Second))
	}
	st.all = append(st.all, c.At)
	st.chats[chat] = append(mine, c.At)
	return nil
}

// inWindow drops the times that no longer count at now.
func inWindow(ts []time.Time, w Window, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= w.Per {
		i++
	}
	return ts[i:]
}

// over is how long until one more message fits in ts at now (0: it fits).
func over(ts []time.Time, w Window, now time.Time) time.Duration {
	if w.Calls <= 0 || len(ts) < w.Calls {
		return 0
	}
	return ts[len(ts)-w.Calls].Add(w.Per).Sub(now)
}
