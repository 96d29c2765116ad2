package delivery

// NewWake returns a channel for Run and a function that wakes it without
// blocking (a pending wake is enough).
func NewWake() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	return ch, func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
