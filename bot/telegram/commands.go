package telegram

import (
	"context"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"fieldbot/bot"
	"fieldbot/i18n"
)

// SetCommands publishes the command menu: in Vietnamese for users whose
// Telegram is set to Vietnamese and for everyone by default, in English for
// users whose Telegram is set to English. The descriptions follow the
// configured period kind ("Gửi báo cáo tháng" for a monthly configuration).
func (a *API) SetCommands(ctx context.Context, kind bot.PeriodKind) error {
	menus := []struct {
		lang i18n.Lang
		code string // language_code; empty: the default menu
	}{{i18n.VI, "vi"}, {i18n.EN, "en"}, {i18n.VI, ""}}
	for _, m := range menus {
		var cmds []tgbotapi.BotCommand
		for _, pair := range bot.CommandNames(m.lang, kind) {
			cmds = append(cmds, tgbotapi.BotCommand{Command: pair[0], Description: pair[1]})
		}
		cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), m.code, cmds...)
		if _, err := a.request(ctx, cfg); err != nil {
			return fmt.Errorf("telegram: set commands (%q): %w", m.code, err)
		}
	}
	return nil
}
