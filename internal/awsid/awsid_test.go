package awsid_test

import (
	"bytes"
	"errors"
	"regexp"
	"testing"
	"testing/iotest"

	"github.com/amityhq/amity/internal/awsid"
)

func TestForms(t *testing.T) {
	zeros := func() *bytes.Reader { return bytes.NewReader(make([]byte, 64)) }
	tests := []struct {
		name string
		make func() (string, error)
		want string
	}{
		{"UUID", func() (string, error) { return awsid.UUID(zeros()) }, `^00000000-0000-4000-8000-000000000000$`},
		{"UUID random", func() (string, error) { return awsid.NewUUID(), nil }, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{"EC2", func() (string, error) { return awsid.EC2(zeros(), "vol") }, `^vol-00000000000000000$`},
		{"Hex odd", func() (string, error) { return awsid.Hex(bytes.NewReader([]byte{0xab, 0xcd}), 3) }, `^abc$`},
		{"Unique", func() (string, error) { return awsid.Unique(zeros(), "AIDA", 17) }, `^AIDAAAAAAAAAAAAAAAAAA$`},
	}
	for _, tt := range tests {
		got, err := tt.make()
		if err != nil || !regexp.MustCompile(tt.want).MatchString(got) {
			t.Errorf("%s = %q, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	if _, err := awsid.UUID(iotest.ErrReader(errors.New("no entropy"))); err == nil {
		t.Error("UUID of a failing source succeeded")
	}
}
