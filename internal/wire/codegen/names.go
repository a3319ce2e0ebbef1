package codegen

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// exported turns a model name into an exported Go identifier: letters and
// digits kept, first letter upper-cased ("imageBuildVersionArn" →
// "ImageBuildVersionArn", "__string" → "String").
func exported(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "X" + s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lowerFirst is how Coral names a member in validation paths: the member
// name with its first letter lower-cased ("KeyId" → "keyId",
// "AWSAccountId" → "aWSAccountId").
func lowerFirst(name string) string {
	if name == "" {
		return name
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// enumValueName is the Go spelling of an enum value, as aws-sdk-go-v2 spells
// it: words split on anything but letters and digits, all-caps words
// capitalised ("SYMMETRIC_DEFAULT" → "SymmetricDefault", "gp2" → "Gp2",
// "PendingDeletion" → "PendingDeletion").
func enumValueName(value string) string {
	var b strings.Builder
	words := strings.FieldsFunc(value, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range words {
		if w == strings.ToUpper(w) {
			w = strings.ToLower(w)
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	if b.Len() == 0 {
		return "Empty"
	}
	return b.String()
}

var (
	blockTags  = regexp.MustCompile(`</?(p|li|ul|ol|br|note|important|dl|dt|dd)\b[^>]*>`)
	inlineTags = regexp.MustCompile(`<[^>]*>`)
	spaces     = regexp.MustCompile(`\s+`)
)

// docLine is the first sentence of a model's HTML documentation, as plain
// text, for a one-line Go comment; "" when there is none.
func docLine(doc string) string {
	text := blockTags.ReplaceAllString(doc, " ")
	text = html.UnescapeString(inlineTags.ReplaceAllString(text, ""))
	text = strings.TrimSpace(spaces.ReplaceAllString(text, " "))
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i+1]
	}
	const max = 160
	if len(text) > max {
		cut := strings.LastIndex(text[:max], " ")
		if cut < 0 {
			cut = max
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		text = text[:cut] + " ..."
	}
	return text
}
