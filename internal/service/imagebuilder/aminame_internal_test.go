package imagebuilder

import (
	"testing"
	"time"
)

// The build engine names output AMIs with expandAMIName; its variables
// are checked when a distribution configuration is created.
func TestExpandAMIName(t *testing.T) {
	at := time.Date(2021, 6, 9, 8, 21, 40, 869_000_000, time.UTC)
	for _, tt := range []struct{ template, want string }{
		{"", "test6 2021-06-09T08-21-40.869Z"},
		{"Name {{imagebuilder:buildDate}}", "Name 2021-06-09T08-21-40.869Z"},
		{"Name {{ imagebuilder:buildDate }}", "Name 2021-06-09T08-21-40.869Z"},
		{"My {{imagebuilder:buildVersion}} image {{imagebuilder:buildDate}}", "My 3 image 2021-06-09T08-21-40.869Z"},
		{"fixed-name", "fixed-name"},
	} {
		if _, ok := checkAMIName(tt.template); !ok {
			t.Errorf("checkAMIName(%q) refused", tt.template)
		}
		if got := expandAMIName(tt.template, at.In(time.FixedZone("x", 3600)), 3, "test6"); got != tt.want {
			t.Errorf("expandAMIName(%q) = %q, want %q", tt.template, got, tt.want)
		}
	}
	for _, bad := range []string{"a {{imagebuilder:buildTime}}", "a {{imagebuilder:buildDate}", "a } b"} {
		if _, ok := checkAMIName(bad); ok {
			t.Errorf("checkAMIName(%q) accepted", bad)
		}
	}
}
