package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"fieldbot/bot"
	"fieldbot/bot/delivery"
)

// Runner drives the engine from lines of input: each line is handled in its
// own transaction, then the outbox is flushed to the console, so what the
// person reads is exactly what a chat channel would send. A line ending in
// a backslash goes on to the next: one message of several lines, as a
// quick entry by labels is.
type Runner struct {
	Engine *bot.Engine
	Sender *delivery.Sender
	Chat   bot.ChatRef
	UserID string
	Prompt string    // printed before each line is read, when set
	Out    io.Writer // where the prompt goes
	// Greet sends /start when there is no open conversation to resume.
	Greet bool
}

// Run reads lines until EOF or ctx ends. It first re-asks any open question,
// so a restarted process resumes where it stopped.
func (r *Runner) Run(ctx context.Context, in io.Reader) error {
	resumed, err := r.Engine.Resume(ctx, r.Chat, r.UserID)
	if err != nil {
		return fmt.Errorf("console: resume: %w", err)
	}
	if !resumed && r.Greet {
		if err := r.Engine.Handle(ctx, []bot.Update{Update(r.Chat, r.UserID, "/start")}); err != nil {
			return fmt.Errorf("console: greet: %w", err)
		}
	}
	if err := r.flush(ctx); err != nil {
		return err
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		msg := ""
		for sc.Scan() {
			line, more := strings.CutSuffix(sc.Text(), `\`)
			msg += line
			if more { // a message of several lines: each but the last ends with \
				msg += "\n"
				continue
			}
			select {
			case lines <- msg:
			case <-ctx.Done():
				return
			}
			msg = ""
		}
		errc <- sc.Err()
	}()
	for {
		r.prompt()
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if err != nil {
				return fmt.Errorf("console: read: %w", err)
			}
			return nil
		case line := <-lines:
			if err := r.Engine.Handle(ctx, Updates(r.Chat, r.UserID, line)); err != nil {
				return fmt.Errorf("console: handle: %w", err)
			}
			if err := r.flush(ctx); err != nil {
				return err
			}
		}
	}
}

func (r *Runner) prompt() {
	if r.Prompt != "" && r.Out != nil {
		fmt.Fprint(r.Out, r.Prompt)
	}
}

func (r *Runner) flush(ctx context.Context) error {
	if _, err := r.Sender.Flush(ctx); err != nil {
		return fmt.Errorf("console: send: %w", err)
	}
	return nil
}
