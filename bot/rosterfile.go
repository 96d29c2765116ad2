package bot

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fieldbot/i18n"
)

// Document is a file sent to the bot (a roster workbook): its name and
// bytes, downloaded by the adapter.
type Document struct {
	Name string
	// Ref is the platform's reference to the file; the adapter fills Data
	// from it before the update is handled (nil Data: it could not).
	Ref  string
	Data []byte
}

// RosterFileReader reads a roster file sent to the bot (CSV or XLSX, told
// by name) against the configuration's form; a file that cannot be read
// gives a *RosterFileError in p's language. cmd wires it (the workbook
// reader lives there).
type RosterFileReader func(cfg *Config, name string, data []byte, p *i18n.Printer) (*Roster, error)

// RosterFileError is a roster file that cannot be read, told in the
// reader's language, row and column named.
type RosterFileError struct{ Text string }

func (e *RosterFileError) Error() string { return e.Text }

// applyPrefix marks the button that applies a roster file: "RA:<version>:<blob>",
// the version the dry run was made against and the parsed roster's blob.
const applyPrefix = "RA:"

// cmdApply applies a roster file shown by a dry run (/apdung, /apply).
const cmdApply = "apply"

func init() {
	commandAliases["apdung"] = cmdApply
	commandAliases["apply"] = cmdApply
}

// rosterDocument answers a file an admin sends: the roster it holds as a
// dry run (every change, before → after) with a button that applies it. A
// file from anyone else, or one the bot cannot read, is answered as before.
func (t *turn) rosterDocument() error {
	doc := t.u.Document
	if t.e.rosterFile == nil || !t.member.Can(ActRoster) || doc.Data == nil {
		t.u.Unsupported = "file"
		t.unsupported()
		return nil
	}
	r, err := t.e.rosterFile(t.e.cfg, doc.Name, doc.Data, t.p)
	var bad *RosterFileError
	switch {
	case errors.As(err, &bad):
		t.say(t.p.T("roster.file_bad", "file", doc.Name) + "\n" + bad.Text)
		return nil
	case err != nil:
		return err
	}
	cur, err := CurrentRoster(t.tx, t.e.base)
	if err != nil {
		return err
	}
	// members the file leaves out are kept, deactivated; a unit with reports is not dropped
	r, kept, err := ImportRoster(t.tx, t.e.base, r)
	var changes []RosterChange
	if err == nil {
		changes, err = PlanRoster(t.tx, t.e.base, r)
	}
	var refused *RosterError
	switch {
	case errors.As(err, &refused):
		t.say(t.p.T("roster.file_bad", "file", doc.Name) + "\n" + refused.Render(t.p))
		return nil
	case err != nil:
		return err
	case len(changes) == 0:
		t.say(t.p.T("roster.no_change"))
		return nil
	case !t.keepsAdmin(r):
		return nil
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("bot: roster file: %w", err)
	}
	h, err := t.tx.PutBlob(data)
	if err != nil {
		return fmt.Errorf("bot: keep roster file: %w", err)
	}
	raw, err := hex.DecodeString(h)
	if err != nil {
		return fmt.Errorf("bot: roster file hash: %w", err)
	}
	ref := strconv.FormatUint(cur.Version, 10) + ":" + base64.RawURLEncoding.EncodeToString(raw)
	t.say(t.p.Plural("roster.file_plan", len(changes), "file", doc.Name, "version", cur.Version)+"\n"+RenderChanges(t.p, changes)+
		keptNote(t.p, kept)+"\n"+t.p.T("roster.file_confirm"),
		Button{Command: t.p.T("cmd.apply") + " " + ref, Label: t.p.T("button.apply"), Data: applyPrefix + ref})
	return nil
}

// applyRosterFile applies the roster a dry run showed (ref: its version and
// blob), in the turn's transaction, unless the roster changed since.
func (t *turn) applyRosterFile(ref string) error {
	if !t.member.Can(ActRoster) {
		t.say(t.p.T("roster.admins_only"))
		return nil
	}
	v, b64, _ := strings.Cut(strings.TrimSpace(ref), ":")
	raw, err := base64.RawURLEncoding.DecodeString(b64)
	version, verr := strconv.ParseUint(v, 10, 64)
	if err != nil || verr != nil || len(raw) == 0 {
		t.say(t.p.T("roster.file_stale"))
		return nil
	}
	data, err := t.tx.Blob(hex.EncodeToString(raw))
	if errors.Is(err, ErrNotFound) {
		t.say(t.p.T("roster.file_stale"))
		return nil
	}
	if err != nil {
		return fmt.Errorf("bot: roster file: %w", err)
	}
	var r Roster
	if err := json.Unmarshal(data, &r); err != nil {
		t.say(t.p.T("roster.file_stale"))
		return nil
	}
	cur, err := CurrentRoster(t.tx, t.e.base)
	if err != nil {
		return err
	}
	if cur.Version != version {
		t.say(t.p.T("roster.file_changed", "version", cur.Version))
		return nil
	}
	return t.editRoster(cmdApply, func(next *Roster) *i18n.Error {
		*next = r
		return nil
	})
}

// keptNote tells, on its own line, which members a roster file leaves out
// and are kept deactivated; "" when none.
func keptNote(p *i18n.Printer, kept []string) string {
	if len(kept) == 0 {
		return ""
	}
	return "\n" + p.T("roster.import_kept", "ids", strings.Join(kept, ", "))
}
