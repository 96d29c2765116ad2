package bot

import "time"

// ChatRef names one conversation on one channel.
type ChatRef struct {
	Channel string `json:"channel"` // "console", "telegram", "zalo"
	ChatID  string `json:"chat"`    // platform chat id, as text (Telegram ids can be negative)
}

// Key is the chat's database key: "telegram/-1001234".
func (c ChatRef) Key() string { return c.Channel + "/" + c.ChatID }

// Update is one inbound event from a channel, already translated from the
// platform's shape. Adapters fill it; the engine decides what it means.
type Update struct {
	Chat   ChatRef
	UserID string // platform user id, as text
	// Group is set by the adapter when the chat is not the private chat of
	// the sender (Telegram's chat type, Zalo's chat_type): reports, codes and
	// figures are never exchanged there.
	Group    bool
	UserName string // display name, for logs and the audit trail
	LangHint string // the platform's language code for the user, if any
	At       time.Time

	Text     string    // a message's text or caption
	Callback *Callback // a button press
	Contact  *Contact  // a shared phone number
	Photo    string    // a platform file reference of an attached photo
	// PhotoData holds the photo's bytes when the platform's reference does
	// not last (a Zalo image URL): the adapter downloads it, the engine
	// stores it and refers to it in the report.
	PhotoData []byte
	// MediaGroup is the platform's album id (Telegram media_group_id): the
	// photos of one album arrive as several updates that share it, and the
	// engine collects them into one answer.
	MediaGroup string
	// Location is a shared place (Telegram's location or venue).
	Location *Location
	// Document is a file sent (a roster workbook), with its bytes.
	Document *Document
	// albumMore is set by Handle on an album photo that is followed, in the
	// same batch, by another photo of the same album in the same chat: its
	// turn stores the photo and leaves the reply to the last one.
	albumMore bool
	// Unsupported names what was sent that the bot cannot read ("sticker",
	// "voice", "file", "unsupported": Zalo's protected accounts), so the
	// member is told what it can read.
	Unsupported string

	// Seq is a channel's monotonic update number (Telegram update_id); the
	// engine stores the highest one in the batch's transaction and skips any
	// update at or below it.
	Seq uint64
	// DedupeKey identifies an update on channels without a monotonic number
	// (Zalo message_id); a key already seen is skipped.
	DedupeKey string
}

// Callback is a pressed button.
type Callback struct {
	ID        string // platform id, to stop the button's spinner
	Data      string // the opaque payload the engine put on the button
	MessageID string // the message that holds the button, to edit in place
}

// Location is a point on the map, in decimal degrees (WGS 84).
type Location struct {
	Lat, Lon float64
}

// Contact is a shared phone contact.
type Contact struct {
	Phone  string
	UserID string // whose contact it is; must be the sender's own
}

// Button is one choice offered with a message. Numbered buttons can also be
// chosen by typing their number; Command buttons by typing the command.
type Button struct {
	Number  int    `json:"n,omitempty"`
	Command string `json:"cmd,omitempty"` // e.g. "/quaylai", typed alternative on text-only channels
	Label   string `json:"label"`
	Data    string `json:"data"` // opaque payload, checked against the session
}

// Attachment is a file sent with a message (a chart, a workbook).
type Attachment struct {
	Name  string `json:"name"`
	Photo bool   `json:"photo,omitempty"` // a picture rather than a document
	Data  []byte `json:"data,omitempty"`
	// Hash is the SHA-256 (hex) of Data, set by the store on what it hands
	// back: the outbox keeps each content once and refers to it by hash; a
	// dead letter keeps Name and Hash only, never Data.
	Hash string `json:"hash,omitempty"`
	// URL, set instead of Data for channels that send pictures only by
	// address (Caps.Photos == PhotoURL), is where the platform fetches it:
	// the bot's own server, under an unguessable path that expires.
	URL string `json:"url,omitempty"`
}

// Outgoing is one message for a chat, stored in the outbox before it is sent.
type Outgoing struct {
	ID   uint64  `json:"-"` // outbox sequence, set by the store
	Chat ChatRef `json:"chat"`
	// User is the platform account the message is for, when it goes to a
	// member's private chat: a refusal marks that account unreachable.
	User    string       `json:"user,omitempty"`
	Text    string       `json:"text"`
	Buttons []Button     `json:"buttons,omitempty"`
	Attach  []Attachment `json:"attach,omitempty"`
	// EditMessageID asks the channel to replace that message (the one whose
	// button was pressed) instead of sending a new one, where it can.
	EditMessageID string `json:"edit,omitempty"`
	// AnswerCallback is the id of a button press to acknowledge.
	AnswerCallback string `json:"answer,omitempty"`
	// RequestContact asks the channel to offer a "share my phone number"
	// button with this label, where it can (registration by phone).
	RequestContact string `json:"contact,omitempty"`
	// RemoveKeyboard takes away a keyboard offered earlier (the contact
	// button, once the person is registered), where the channel has one.
	RemoveKeyboard bool `json:"rmkb,omitempty"`
	// Key, when set, makes the message unique: enqueuing the same key twice
	// stores it once (scheduled jobs use job/period/recipient).
	Key     string    `json:"key,omitempty"`
	Created time.Time `json:"created"`
	// Attempts counts failed deliveries, for backoff.
	Attempts  int       `json:"attempts,omitempty"`
	NotBefore time.Time `json:"not_before,omitempty"`
}

// DeadLetter is an outbox message that was refused for good.
type DeadLetter struct {
	Out Outgoing `json:"out"`
	// Cause is why, in the domain's words; Reason is the platform's answer,
	// for the logs and the office's investigation.
	Cause  Reason    `json:"cause,omitempty"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Recipient is the account an outgoing message is for: its User, or for
// messages stored before User existed, the chat (a private Telegram chat's
// id is its user's).
func (o *Outgoing) Recipient() string {
	if o.User != "" {
		return o.User
	}
	return o.Chat.ChatID
}
