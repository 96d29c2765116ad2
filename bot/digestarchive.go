package bot

import (
	"fmt"
	"time"

	"fieldbot/i18n"
)

// archiveDigest records the digest of period (a key) as sent at now in every language
// it was rendered in, its files stored once by hash, for the web page's
// archive. It runs in the transaction that enqueues the digest, so the
// archive holds exactly the digests that went out.
func archiveDigest(tx Tx, period string, now time.Time, msgs map[i18n.Lang]DigestMessage, readers int) error {
	rec := SentDigest{Period: period, Sent: now, Readers: readers, Langs: make(map[i18n.Lang]SentDigestText, len(msgs))}
	for lang, msg := range msgs {
		txt := SentDigestText{Text: msg.Text}
		for i, a := range append(msg.Attach[:len(msg.Attach):len(msg.Attach)], msg.ChairAttach...) {
			h, err := tx.PutBlob(a.Data)
			if err != nil {
				return fmt.Errorf("bot: archive digest %s: %w", period, err)
			}
			txt.Files = append(txt.Files, SentFile{Name: a.Name, Blob: h, Photo: a.Photo, Chair: i >= len(msg.Attach)})
		}
		rec.Langs[lang] = txt
	}
	if err := tx.PutSentDigest(rec); err != nil {
		return fmt.Errorf("bot: archive digest %s: %w", period, err)
	}
	return nil
}
