package codegen

import "testing"

func TestTranslatePattern(t *testing.T) {
	tests := []struct {
		java string
		want javaPattern
	}{
		{`[\w+=,.@-]+`, javaPattern{expr: `[\w+=,.@-]+`}},
		{`[\u0009\u000A\u0020-\u00FF]+`, javaPattern{expr: `[\x{0009}\x{000A}\x{0020}-\x{00FF}]+`}},
		// Java reads exactly four hex digits: \u10000 is U+1000 then "0".
		{`[\u10000-\u10FFFF]`, javaPattern{expr: `[\x{1000}0-\x{10FF}FF]`}},
		{`^(?!aws:)[a-z]+$`, javaPattern{expr: `^[a-z]+$`, notPrefix: "aws:"}},
		{`^[a-z]{1,1024}$`, javaPattern{expr: `^[a-z]{1,}$`, loosened: true}},
		{`^[a-z0-9]([a-z0-9]|-(?!-)){1,61}$`, javaPattern{skipped: "no RE2 equivalent (error parsing regexp: invalid or unsupported Perl syntax: `(?!`)"}},
	}
	for _, tt := range tests {
		if got := translatePattern(tt.java); got != tt.want {
			t.Errorf("translatePattern(%q) = %+v, want %+v", tt.java, got, tt.want)
		}
	}
}
