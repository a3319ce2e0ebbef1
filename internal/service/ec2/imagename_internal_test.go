package ec2

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestValidImageName: the hand-written check answers as AWS's documented
// pattern does, on the edges and on random strings over its characters
// and some others.
func TestValidImageName(t *testing.T) {
	pattern := regexp.MustCompile(`^[A-Za-z0-9()\[\] ./\-'@_]{3,128}$`)
	names := []string{"", "ab", "abc", strings.Repeat("a", 128), strings.Repeat("a", 129), "my image (v1) [x] 2.0/a-b'c@d_e",
		"abc\n", "\nabc", "ab\x00", "abé", "a+b", "a:b", "a,b", "a\tb", "日本語x"}
	alphabet := []rune("aZ09()[] ./-'@_+:\n\té\x00{}")
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := r.IntN(140)
		if r.IntN(2) == 0 {
			n = r.IntN(6)
		}
		b := make([]rune, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
			if r.IntN(4) > 0 {
				b[i] = alphabet[r.IntN(15)] // mostly allowed ones
			}
		}
		names = append(names, string(b))
	}
	for _, name := range names {
		if got, want := validImageName(name), pattern.MatchString(name); got != want {
			t.Fatalf("validImageName(%q) = %v, the pattern says %v", name, got, want)
		}
	}
}
