//go:build !unix

package telegram

import "time"

// cpuTime is not measured here: the benchmarks leave out their CPU metric.
func cpuTime() time.Duration { return 0 }
