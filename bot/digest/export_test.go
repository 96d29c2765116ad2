package digest

// SetNoForecast turns the forecast off (true) or on, for benchmarks that
// measure its cost against Build without it in the same run.
func SetNoForecast(off bool) { noForecast = off }
