package config

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"fieldbot/i18n"
)

// text reads a label with one non-empty text per language in i18n.Langs.
// When plainOK, a single string stands for every language: that is for proper
// names and official titles, which are not translated.
// An absent text gives nil without a problem: callers say whether it is needed.
func (d *decoder) text(n *yaml.Node, path string, plainOK bool) i18n.Text {
	if isNull(n) {
		return nil
	}
	n = deref(n)
	if plainOK && n.Kind == yaml.ScalarNode {
		s := strings.TrimSpace(n.Value)
		if s == "" {
			d.problem(n.Line, path, "", "config.empty")
			return nil
		}
		t := i18n.Text{}
		for _, l := range i18n.Langs {
			t[l] = s
		}
		return t
	}
	if n.Kind != yaml.MappingNode {
		d.problem(n.Line, path, n.Value, "config.want_texts", "example", langExample())
		return nil
	}
	f := d.mapping(n, path, langNames()...)
	t := i18n.Text{}
	for _, l := range i18n.Langs {
		k := string(l)
		if !f.has(k) {
			d.problem(f.at(k), join(path, k), "", "config.missing_text", "lang", langName(l), "langs", strings.Join(langNames(), ", "))
			continue
		}
		if s := d.str(f.get(k), join(path, k)); s != "" {
			t[l] = s
		} else if f.get(k).Kind == yaml.ScalarNode {
			d.problem(f.at(k), join(path, k), "", "config.empty")
		}
	}
	return t
}

// langNames lists the language tags, in order.
func langNames() []string {
	s := make([]string, len(i18n.Langs))
	for i, l := range i18n.Langs {
		s[i] = string(l)
	}
	return s
}

// langExample is "vi: ..., en: ...".
func langExample() string {
	return strings.Join(langNames(), ": ..., ") + ": ..."
}

// langName names a language mid-sentence, in the reader's language
// ("tiếng Việt", "English").
func langName(l i18n.Lang) *i18n.Error { return msg("lang." + string(l)) }
