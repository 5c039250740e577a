package graph

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policykg/policykg/policy"
)

// compacter makes decoded documents share memory, so that the Reader's cache of every
// document (the largest part of serve's heap) holds each text once. At 10,000 documents,
// decoding gives the measures' texts (23 MB) their own copies of what the document's text
// holds, and every one of 270,000 responsibilities its own copies of the agency's name,
// city, kind and aliases (40 MB).
type compacter struct {
	// strs holds the one copy of each short string; aliases one slice of aliases per agency.
	strs    map[string]string
	aliases map[string][]string
}

func newCompacter() *compacter {
	return &compacter{strs: map[string]string{}, aliases: map[string][]string{}}
}

// document compacts d in place; its content is unchanged.
func (c *compacter) document(d *policy.Document) {
	text := runeIndex(d.Text)
	for i := range d.Measures {
		m := &d.Measures[i]
		m.Text = text.share(m.Text, m.Span)
		m.Title = within(m.Text, m.Title)
		m.Number, m.Section = c.intern(m.Number), c.intern(m.Section)
		for k := range m.Responsibilities {
			r := &m.Responsibilities[k]
			r.Agency.Name, r.Agency.City, r.Agency.Kind = c.intern(r.Agency.Name), c.intern(r.Agency.City), c.intern(r.Agency.Kind)
			r.Mention, r.Role = c.intern(r.Mention), policy.Role(c.intern(string(r.Role)))
			r.Agency.Aliases = c.agencyAliases(r.Agency)
		}
		for k := range m.Institutions {
			in := &m.Institutions[k]
			in.Name, in.City, in.Parent, in.Mention = c.intern(in.Name), c.intern(in.City), c.intern(in.Parent), c.intern(in.Mention)
		}
		for k := range m.Departments {
			dp := &m.Departments[k]
			dp.Name, dp.Institution = c.intern(dp.Name), c.intern(dp.Institution)
		}
		for k := range m.Targets {
			t := &m.Targets[k]
			t.Text = within(m.Text, t.Text)
			t.ValueText = within(t.Text, t.ValueText)
			t.Indicator, t.Words, t.Unit = c.intern(t.Indicator), c.intern(t.Words), c.intern(t.Unit)
		}
	}
	for i := range d.Observations {
		o := &d.Observations[i]
		o.Text = text.share(o.Text, o.Span)
		o.ValueText = within(o.Text, o.ValueText)
		o.Indicator, o.Words, o.Unit = c.intern(o.Indicator), c.intern(o.Words), c.intern(o.Unit)
	}
	d.City, d.Issuer = c.intern(d.City), c.intern(d.Issuer)
}

// agencyAliases returns the aliases of agency a, one slice shared by all its mentions.
func (c *compacter) agencyAliases(a policy.Agency) []string {
	if len(a.Aliases) == 0 {
		return nil
	}
	key := a.Name + "\x00" + a.City + "\x00" + strings.Join(a.Aliases, "\x00")
	if s, ok := c.aliases[key]; ok {
		return s
	}
	s := slices.Clip(slices.Clone(a.Aliases))
	for i := range s {
		s[i] = c.intern(s[i])
	}
	c.aliases[key] = s
	return s
}

// intern returns the one copy of s that the documents compacted share. (unique.Make would
// not do: its copy is dropped at a collection once no Handle holds it, though strings from
// it live on, and the next Make makes another copy.)
func (c *compacter) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := c.strs[s]; ok {
		return v
	}
	c.strs[s] = s
	return s
}

// within returns s as a slice of outer when outer holds it, or else s.
func within(outer, s string) string {
	if s == "" {
		return s
	}
	if i := strings.Index(outer, s); i >= 0 {
		return outer[i : i+len(s)]
	}
	return s
}

// runeText is a text with the byte offset of every rune, to cut it at spans (which count
// runes).
type runeText struct {
	text  string
	bytes []int
}

func runeIndex(text string) runeText {
	offs := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	return runeText{text, append(offs, len(text))}
}

// share returns s as a slice of the text when the text holds s at span, or else s.
func (t runeText) share(s string, span policy.Span) string {
	if span.Start < 0 || span.Start > span.End || span.End >= len(t.bytes) {
		return s
	}
	if cut := t.text[t.bytes[span.Start]:t.bytes[span.End]]; cut == s {
		return cut
	}
	return within(t.text, s)
}
