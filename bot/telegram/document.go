package telegram

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/bot/platform"
)

// MaxDocument is the largest roster file downloaded (a district's roster
// is a few kilobytes; a province's well under a megabyte).
const MaxDocument = 2 << 20

// documentTimeout bounds one file's getFile and download.
const documentTimeout = 20 * time.Second

// rosterFileName reports whether a sent file may be a roster (the engine
// reads CSV and XLSX).
func rosterFileName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".xlsx":
		return true
	}
	return false
}

// fetchDocuments downloads the files of ups that carry a reference and no
// bytes; one that cannot be downloaded is handed on without bytes (the
// engine says it cannot read it) and logged.
func (a *API) fetchDocuments(ctx context.Context, ups []bot.Update, log *slog.Logger) {
	for i := range ups {
		d := ups[i].Document
		if d == nil || d.Ref == "" || d.Data != nil {
			continue
		}
		data, err := a.download(ctx, d.Ref)
		if err != nil {
			log.Warn("a sent file could not be downloaded", "chat", ups[i].Chat.Key(), "err", err)
			continue
		}
		d.Data = data
	}
}

// download fetches a file by its file_id: getFile, then the file address
// beside the API endpoint (…/file/bot<token>/<path>).
func (a *API) download(ctx context.Context, fileID string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, documentTimeout)
	defer cancel()
	f, err := a.with(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("telegram: getFile: %w", platform.Redact(err, a.token))
	}
	if f.FileSize > MaxDocument {
		return nil, fmt.Errorf("telegram: file of %d bytes is too large", f.FileSize)
	}
	if !strings.Contains(a.endpoint, "/bot%s/%s") {
		return nil, fmt.Errorf("telegram: no file address for endpoint %q", a.endpoint)
	}
	url := fmt.Sprintf(strings.Replace(a.endpoint, "/bot%s/%s", "/file/bot%s/%s", 1), a.token, f.FilePath)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("telegram: file request: %w", platform.Redact(err, a.token))
	}
	resp, err := a.bot.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram: download: %w", platform.Redact(err, a.token))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("telegram: download: status %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxDocument+1))
	if err != nil {
		return nil, fmt.Errorf("telegram: download: %w", platform.Redact(err, a.token))
	}
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("telegram: file larger than %d bytes", MaxDocument)
	}
	return data, nil
}
