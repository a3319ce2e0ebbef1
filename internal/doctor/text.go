package doctor

import (
	"fmt"
	"io"
	"strings"
)

// Width is the terminal width plain-text reports are laid out for.
const Width = 80

// TextStyle says how a report is written for people.
type TextStyle struct {
	Color bool // ANSI colour and bold: only on a terminal
}

// WriteText writes r for a person: what failed, the cause in a sentence,
// the decisive statements and the fixes, least privilege first, each
// command shell-quoted and ready to paste (with its Region; the endpoint
// and credentials are the reader's own).
func (r *Report) WriteText(w io.Writer, style TextStyle) error {
	p := &printer{w: w, style: style}
	if !r.Failed {
		p.println(p.paint(green, "OK") + " " + r.Resource)
		p.wrap("   ", "   ", r.What)
		return p.err
	}
	p.println(p.paint(red, "FAILED") + " " + r.Resource)
	p.wrap("   ", "   ", r.What)
	if r.Cause != nil {
		p.blank()
		p.println(p.paint(bold, "Cause") + " (" + r.Cause.ID + ")")
		p.wrap("   ", "   ", r.Cause.Summary)
	}
	if len(r.Statements) > 0 {
		p.blank()
		p.println(p.paint(bold, "Decisive statements"))
		for _, s := range r.Statements {
			p.wrap(" - ", "   ", s.describe())
		}
	}
	if len(r.Fixes) > 0 {
		p.blank()
		p.println(p.paint(bold, "Fixes, least privilege first"))
		for i, f := range r.Fixes {
			if i > 0 {
				p.blank()
			}
			p.wrap(fmt.Sprintf("%2d. ", i+1), "    ", f.Summary)
			for _, c := range f.Commands {
				who := "an administrator of account " + c.Account
				if c.As != "" {
					who = c.As
				}
				p.println(p.paint(dim, fmt.Sprintf("    # as %s, Region %s:", who, c.Region)))
				for _, l := range c.shellLines() {
					p.println("    " + l)
				}
			}
		}
	} else if r.Cause != nil {
		p.blank()
		p.println("amity knows no fix for this failure.")
	}
	return p.err
}

// describe says what a statement is and what it lacked, in one sentence.
func (s Statement) describe() string {
	name := s.Policy
	if s.Sid != "" {
		name += fmt.Sprintf(" statement %q", s.Sid)
	} else {
		name += fmt.Sprintf(" statement %d", s.Index)
	}
	verdict := "applied"
	if !s.Applied {
		verdict = "did not apply"
		if s.Lacked != "" {
			verdict = "did not apply: its " + s.Lacked + " did not match"
		}
	}
	return fmt.Sprintf("%s (%s, %s), for %s asking %s on %s: %s.", name, s.Type, s.Effect, s.Principal, s.Action, s.Resource, verdict)
}

// shellLines is the command as shell lines: one line when it fits,
// otherwise one option per line, joined by backslashes. The Region is
// added as --region so that the lines run as they are.
func (c Command) shellLines() []string {
	argv := append(append([]string{}, c.Argv...), "--region", c.Region)
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = shellQuote(a)
	}
	if one := strings.Join(words, " "); len(one) <= Width-4 {
		return []string{one}
	}
	head := min(3, len(words)) // aws, the service, the operation
	lines := []string{strings.Join(words[:head], " ")}
	for i := head; i < len(words); i++ {
		part := words[i]
		if strings.HasPrefix(argv[i], "--") && i+1 < len(words) && !strings.HasPrefix(argv[i+1], "--") {
			part += " " + words[i+1]
			i++
		}
		lines = append(lines, "  "+part)
	}
	for i := range lines[:len(lines)-1] {
		lines[i] += " \\"
	}
	return lines
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_@%+=:,./-", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ANSI styles.
const (
	red   = "\x1b[1;31m"
	green = "\x1b[1;32m"
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	reset = "\x1b[0m"
)

// printer writes lines, keeping the first error.
type printer struct {
	w     io.Writer
	style TextStyle
	err   error
}

func (p *printer) paint(style, s string) string {
	if !p.style.Color {
		return s
	}
	return style + s + reset
}

func (p *printer) blank() { p.println("") }

func (p *printer) println(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s+"\n")
	}
}

// wrap writes text wrapped at Width after prefix, continuation lines
// indented by indent; a word longer than a line (an ARN) has a line of its
// own.
func (p *printer) wrap(prefix, indent, text string) {
	if text == "" {
		return
	}
	line, empty := prefix, true
	for _, word := range strings.Fields(text) {
		switch {
		case empty:
			line += word
		case len(line)+1+len(word) > Width:
			p.println(line)
			line = indent + word
		default:
			line += " " + word
		}
		empty = false
	}
	p.println(line)
}
