package pdf

import (
	"strings"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// DefaultSymbol follows the report's number when the configuration gives
// none: "Số: …/BC-BCĐ" (báo cáo of a ban chỉ đạo).
const DefaultSymbol = "BC-BCĐ"

// Head is the letterhead and the signature block of a report, in one
// language, with the configuration's defaults filled in.
type Head struct {
	Parent      string   // governing body, in capitals ("UBND HUYỆN CHỢ ĐỒN"); may be empty
	Issuer      string   // issuing body, in capitals ("BAN CHỈ ĐẠO CÁC CTMTQG")
	Symbol      string   // after the number: "BC-BCĐ"
	Place       string   // starts the date line: "Chợ Đồn"
	SignerTitle []string // lines of the signer's title, in capitals
	Signer      string   // name under the signature; may be empty
	Recipients  []string // lines under "Nơi nhận:"
}

// HeadFor is the letterhead of cfg's reports in lang: the report section
// where it says, otherwise the area's name in capitals above the catalog's
// issuer, the area's name before its first comma as the place, and the
// first chair's title and name as the signature.
func HeadFor(cfg *bot.Config, lang i18n.Lang) Head {
	p, r := i18n.For(lang), cfg.Report
	area := cfg.Area.Name.In(lang)
	h := Head{
		Parent: upper(r.Parent.In(lang)), Issuer: upper(r.Issuer.In(lang)), Symbol: r.Symbol,
		Place: r.Place.In(lang), Signer: r.Signer,
	}
	if r.Parent == nil {
		h.Parent = upper(area)
	}
	if h.Issuer == "" {
		h.Issuer = upper(p.T("pdf.default_issuer"))
	}
	if h.Symbol == "" {
		h.Symbol = DefaultSymbol
	}
	if h.Place == "" {
		h.Place, _, _ = strings.Cut(area, ",")
		h.Place = strings.TrimSpace(h.Place)
	}
	title := r.SignerTitle.In(lang)
	for _, m := range cfg.Members {
		if m.Role != bot.RoleChair {
			continue
		}
		if title == "" {
			title = m.Title.In(lang)
		}
		if h.Signer == "" {
			h.Signer = m.Name
		}
		break
	}
	if title == "" {
		title = p.T("pdf.default_signer")
	}
	for _, line := range strings.Split(title, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			h.SignerTitle = append(h.SignerTitle, upper(line))
		}
	}
	for _, t := range r.Recipients {
		h.Recipients = append(h.Recipients, t.In(lang))
	}
	if len(h.Recipients) == 0 {
		h.Recipients = []string{p.T("pdf.archive")}
	}
	return h
}

// upper writes s in capitals, as the letterhead and titles are.
func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
