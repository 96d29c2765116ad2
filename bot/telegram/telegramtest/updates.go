package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// queued is an update waiting to be confirmed by a getUpdates offset.
type queued struct {
	id   int
	kind string // "message", "callback_query"
	body map[string]any
}

// SetNextUpdateID sets the update_id of the next queued update (Telegram
// starts at a large number; tests may start at 0).
func (s *Server) SetNextUpdateID(id int) {
	s.mu.Lock()
	s.nextUpdate = id
	s.mu.Unlock()
}

// Enqueue queues an update of kind ("message", "callback_query") with body
// as its object and returns its update_id.
func (s *Server) Enqueue(kind string, body map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextUpdate
	s.nextUpdate++
	s.updates = append(s.updates, queued{id: id, kind: kind, body: body})
	s.enqueued[id] = time.Now()
	s.notifyLocked()
	return id
}

// EnqueuedAt is when update id was queued.
func (s *Server) EnqueuedAt(id int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enqueued[id]
}

// Pending is how many updates getUpdates has not had confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// message is the body of a message update in a chat.
func (s *Server) message(chatID int64, from User, fields map[string]any) map[string]any {
	s.mu.Lock()
	id := s.nextMsg
	s.nextMsg++
	s.mu.Unlock()
	m := map[string]any{"message_id": id, "from": from, "chat": chat(chatID, from), "date": time.Now().Unix()}
	for k, v := range fields {
		m[k] = v
	}
	return m
}

// Text queues a text message from a user in their private chat.
func (s *Server) Text(from User, text string) int { return s.TextIn(from.ID, from, text) }

// TextIn queues a text message from a user in a chat (a group when negative).
func (s *Server) TextIn(chatID int64, from User, text string) int {
	return s.Enqueue("message", s.message(chatID, from, map[string]any{"text": text}))
}

// Contact queues a shared contact; owner is the contact's user_id (0: none).
func (s *Server) Contact(from User, phone string, owner int64) int {
	c := map[string]any{"phone_number": phone, "first_name": from.FirstName}
	if owner != 0 {
		c["user_id"] = owner
	}
	return s.Enqueue("message", s.message(from.ID, from, map[string]any{"contact": c}))
}

// Photo queues a photo in three sizes; the largest has fileID.
func (s *Server) Photo(from User, fileID, caption string) int {
	sizes := []map[string]any{
		{"file_id": fileID + "-s", "file_unique_id": "u1", "width": 90, "height": 60},
		{"file_id": fileID, "file_unique_id": "u3", "width": 1280, "height": 853},
		{"file_id": fileID + "-m", "file_unique_id": "u2", "width": 320, "height": 213},
	}
	fields := map[string]any{"photo": sizes}
	if caption != "" {
		fields["caption"] = caption
	}
	return s.Enqueue("message", s.message(from.ID, from, fields))
}

// Album queues an album of photos (fileIDs) at once, as one getUpdates
// answer would bring it: one message a photo with the same media_group_id
// (group), the caption on the first. It returns the update_ids.
func (s *Server) Album(from User, group, caption string, fileIDs ...string) []int {
	bodies := make([]map[string]any, len(fileIDs))
	for i, id := range fileIDs {
		fields := map[string]any{"media_group_id": group, "photo": []map[string]any{
			{"file_id": id, "file_unique_id": id + "u", "width": 1280, "height": 853},
		}}
		if i == 0 && caption != "" {
			fields["caption"] = caption
		}
		bodies[i] = s.message(from.ID, from, fields)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, len(bodies))
	for i, b := range bodies {
		ids[i] = s.nextUpdate
		s.nextUpdate++
		s.updates = append(s.updates, queued{id: ids[i], kind: "message", body: b})
		s.enqueued[ids[i]] = time.Now()
	}
	s.notifyLocked()
	return ids
}

// AlbumPhoto queues one photo of an album: Telegram sends an album as one
// message a photo, all with the same media_group_id (group); usually only
// the first carries a caption.
func (s *Server) AlbumPhoto(from User, fileID, caption, group string) int {
	fields := map[string]any{"media_group_id": group, "photo": []map[string]any{
		{"file_id": fileID + "-s", "file_unique_id": fileID + "u1", "width": 90, "height": 60},
		{"file_id": fileID, "file_unique_id": fileID + "u2", "width": 1280, "height": 853},
	}}
	if caption != "" {
		fields["caption"] = caption
	}
	return s.Enqueue("message", s.message(from.ID, from, fields))
}

// Location queues a shared location.
func (s *Server) Location(from User, lat, lon float64) int {
	return s.Enqueue("message", s.message(from.ID, from, map[string]any{"location": map[string]any{"latitude": lat, "longitude": lon}}))
}

// Press queues a press of a button with data on message msgID in the
// user's private chat, and returns the update_id and the callback query id.
func (s *Server) Press(from User, msgID int, data string) (int, string) {
	s.mu.Lock()
	qid := "cq" + strconv.Itoa(s.nextUpdate) + "-" + strconv.FormatInt(from.ID, 10)
	s.callbacks[qid] = false
	s.mu.Unlock()
	msg := map[string]any{"message_id": msgID, "from": s.bot, "chat": chat(from.ID, from), "date": time.Now().Unix(), "text": "…"}
	body := map[string]any{"id": qid, "from": from, "message": msg, "chat_instance": "ci" + strconv.FormatInt(from.ID, 10), "data": data}
	return s.Enqueue("callback_query", body), qid
}

// chat is the Chat object of chatID as from sees it.
func chat(chatID int64, from User) map[string]any {
	switch {
	case chatID > 0:
		return map[string]any{"id": chatID, "type": "private", "first_name": from.FirstName}
	case chatID <= -1000000000000:
		return map[string]any{"id": chatID, "type": "supergroup", "title": "Group"}
	}
	return map[string]any{"id": chatID, "type": "group", "title": "Group"}
}

// getUpdates confirms the updates before offset and returns up to limit of
// the rest, waiting up to timeout seconds for one to be queued.
func (s *Server) getUpdates(r *http.Request, c Call) (int, any) {
	s.mu.Lock()
	hooked := s.webhook.URL != ""
	s.mu.Unlock()
	if hooked {
		return http.StatusConflict, failure(http.StatusConflict,
			"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", 0)
	}
	offset, _ := strconv.Atoi(c.Params["offset"])
	limit, err := strconv.Atoi(c.Params["limit"])
	if err != nil || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(c.Params["timeout"])
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(timeout)*time.Second)
	defer cancel()
	for {
		s.mu.Lock()
		s.confirmLocked(offset)
		batch := s.batchLocked(limit)
		s.countLocked(batch)
		changed := s.changed
		s.mu.Unlock()
		if len(batch) > 0 {
			return ok(batch)
		}
		select {
		case <-changed:
		case <-s.closed:
			return ok([]any{})
		case <-ctx.Done():
			return ok([]any{})
		}
	}
}

// confirmLocked forgets the updates before offset; s.mu is held.
func (s *Server) confirmLocked(offset int) {
	if offset <= 0 {
		return
	}
	keep := s.updates[:0]
	for _, u := range s.updates {
		if u.id >= offset {
			keep = append(keep, u)
		}
	}
	s.updates = keep
}

// batchLocked renders up to limit queued updates; s.mu is held.
func (s *Server) batchLocked(limit int) []map[string]any {
	var out []map[string]any
	for _, u := range s.updates {
		if len(out) == limit {
			break
		}
		out = append(out, map[string]any{"update_id": u.id, u.kind: u.body})
	}
	return out
}

// countLocked counts a getUpdates answer's updates; s.mu is held.
func (s *Server) countLocked(batch []map[string]any) {
	if s.deliveries == nil {
		s.deliveries = map[int]int{}
	}
	for _, u := range batch {
		s.deliveries[u["update_id"].(int)]++
	}
}

// Deliveries says, for every update handed to the bot, how many times it
// was: getUpdates answers that carried it, and webhook posts (Push). More
// than 1: it was delivered again because it was not confirmed (no later
// getUpdates, no 2xx answer), as after a bot's crash.
func (s *Server) Deliveries() map[int]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[int]int, len(s.deliveries))
	for id, n := range s.deliveries {
		out[id] = n
	}
	return out
}

// Document queues a file sent by from (name, with its bytes, which getFile
// and the file address then serve) and returns its update_id.
func (s *Server) Document(from User, fileID, name string, data []byte) int {
	s.mu.Lock()
	s.files[fileID] = data
	s.mu.Unlock()
	doc := map[string]any{"file_id": fileID, "file_unique_id": fileID + "u", "file_name": name, "file_size": len(data)}
	return s.Enqueue("message", s.message(from.ID, from, map[string]any{"document": doc}))
}

// getFile answers getFile for a file a user sent.
func (s *Server) getFile(c Call) (int, any) {
	id := c.Params["file_id"]
	s.mu.Lock()
	data, found := s.files[id]
	s.mu.Unlock()
	if !found {
		return http.StatusBadRequest, failure(http.StatusBadRequest, "Bad Request: invalid file_id", 0)
	}
	return ok(map[string]any{"file_id": id, "file_unique_id": id + "u", "file_size": len(data), "file_path": "documents/" + id})
}
