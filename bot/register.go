package bot

// register handles a message from someone who is not bound to a roster
// member. Until registration by invite or phone exists, they are refused
// politely and see no data.
func (t *turn) register() error {
	t.say(t.p.T("refuse.unknown"))
	return nil
}
