//go:build unix

package telegram

import (
	"syscall"
	"time"
)

// cpuTime is the processor time (user and system) the test process has
// used so far, fake Bot API included: a benchmark's cost per update, less
// sensitive than its rate to other work on the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
