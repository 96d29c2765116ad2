package main

import "log/slog"

// The formats of fieldbot run's log (--log-format).
const (
	logText = "text" // slog's key=value lines
	logJSON = "json" // one JSON object a line, for a log collector
)

// serviceLogger logs to stderr in format (checked by checkRunFlags) from
// Info on, or everything when verbose.
func (e *env) serviceLogger(format string, verbose bool) *slog.Logger {
	if format != logJSON {
		return e.loggerFrom(slog.LevelInfo, verbose)
	}
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}
