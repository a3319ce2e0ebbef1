package main

import (
	"strings"
	"testing"
)

func TestParseStatTicks(t *testing.T) {
	// A command name with a space and a parenthesis: fields count from the last ')'.
	stat := "4242 (local kms) x) S 1 4242 4242 0 -1 4194560 1161 0 0 0 317 45 0 0 20 0 9 0 123456 1300000000 4000 18446744073709551615\n"
	got, err := parseStatTicks(stat)
	if err != nil || got != 317+45 {
		t.Fatalf("parseStatTicks = %d, %v; want 362", got, err)
	}
	if _, err := parseStatTicks("4242 (amity) S 1 2"); err == nil {
		t.Fatal("a truncated stat parsed")
	}
}

func TestParseVmRSS(t *testing.T) {
	status := "Name:\tamity\nVmPeak:\t 1300000 kB\nVmRSS:\t   20480 kB\nThreads:\t9\n"
	got, err := parseVmRSS(strings.NewReader(status))
	if err != nil || got != 20480 {
		t.Fatalf("parseVmRSS = %d, %v; want 20480", got, err)
	}
	if _, err := parseVmRSS(strings.NewReader("Name:\tzombie\n")); err == nil {
		t.Fatal("a status without VmRSS parsed")
	}
}
