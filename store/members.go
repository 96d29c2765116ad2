package store

import "fieldbot/bot"

// MemberState returns what the bot learnt about a member; the zero value (and
// no error) for a member it knows nothing about.
func (t *tx) MemberState(memberID string) (bot.MemberState, error) {
	var st bot.MemberState
	if err := checkLast("member id", memberID); err != nil {
		return st, wrap("member state", err)
	}
	if _, err := getJSON(t.bucket(bucketMembers), []byte(memberID), &st); err != nil {
		return bot.MemberState{}, wrap("member state "+memberID, err)
	}
	return st, nil
}

// PutMemberState replaces a member's state.
func (t *tx) PutMemberState(memberID string, st bot.MemberState) error {
	if err := checkLast("member id", memberID); err != nil {
		return wrap("put member state", err)
	}
	return wrap("put member state "+memberID, putJSON(t.bucket(bucketMembers), []byte(memberID), st))
}
