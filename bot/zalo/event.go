package zalo

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The event names the platform documents.
const (
	EventText        = "message.text.received"
	EventImage       = "message.image.received"
	EventSticker     = "message.sticker.received"
	EventVoice       = "message.voice.received"
	EventUnsupported = "message.unsupported.received"
)

// Event is one update as the platform sends it, to getUpdates and to a
// webhook: {event_name, message}.
type Event struct {
	EventName string  `json:"event_name"`
	Message   Message `json:"message"`
}

// Message is an event's message. Which content fields are set depends on
// the event: text for text, photo/photo_url (or url) and caption for
// images, sticker and url for stickers, voice_url for voice.
type Message struct {
	MessageID ID     `json:"message_id"`
	Date      Millis `json:"date"` // milliseconds since 1970
	Chat      Chat   `json:"chat"`
	From      Sender `json:"from"`
	Text      string `json:"text"`
	Photo     string `json:"photo"`
	PhotoURL  string `json:"photo_url"`
	URL       string `json:"url"`
	Caption   string `json:"caption"`
	Sticker   string `json:"sticker"`
	VoiceURL  string `json:"voice_url"`
}

// Chat is the conversation a message is in. Its id is not the sender's
// user id, even in a private chat.
type Chat struct {
	ID       ID     `json:"id"`
	ChatType string `json:"chat_type"` // PRIVATE or GROUP
}

// Sender is who sent a message.
type Sender struct {
	ID          ID     `json:"id"`
	DisplayName string `json:"display_name"`
	FirstName   string `json:"first_name"`
	IsBot       bool   `json:"is_bot"`
}

// decodeEvents reads a getUpdates result or a webhook body: one event, a
// list of events, or either wrapped as {ok, result: ...}. Empty input and
// null give none.
func decodeEvents(raw []byte) ([]Event, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '[' {
		var evs []Event
		if err := json.Unmarshal(raw, &evs); err != nil {
			return nil, fmt.Errorf("zalo: events: %w", err)
		}
		return evs, nil
	}
	var one struct {
		Event
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, fmt.Errorf("zalo: event: %w", err)
	}
	if one.EventName == "" && len(one.Result) > 0 {
		return decodeEvents(one.Result)
	}
	if one.EventName == "" {
		return nil, nil
	}
	return []Event{one.Event}, nil
}
