package keyring

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

// RFC 5649 §6's examples.
func TestUnwrapPaddedRFC5649(t *testing.T) {
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	kek := unhex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8")
	tests := []struct{ wrapped, key string }{
		{"138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a", "c37b7e6492584340bed12207808941155068f738"},
		{"afbeb0f07dfbf5419200f2ccb50bb24f", "466f7250617369"},
	}
	for _, tt := range tests {
		got, err := unwrapPadded(kek, unhex(tt.wrapped))
		if err != nil || !bytes.Equal(got, unhex(tt.key)) {
			t.Errorf("unwrap(%s) = %x, %v", tt.wrapped, got, err)
		}
		tampered := unhex(tt.wrapped)
		tampered[3] ^= 1
		if _, err := unwrapPadded(kek, tampered); !errors.Is(err, ErrInvalidCiphertext) {
			t.Errorf("tampered: %v", err)
		}
	}
}
