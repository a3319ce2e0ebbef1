package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestJournalKeepsEveryRecordOfConcurrentCallers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := openJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.f.Close()
	const callers, each = 8, 50
	var wg sync.WaitGroup
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := j.append(fmt.Appendf(nil, "<%d.%d>", c, i)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if j.durable != callers*each {
		t.Fatalf("durable = %d, want %d", j.durable, callers*each)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != journalSize {
		t.Fatalf("the file is %d bytes, want %d (records overwrite its zeros)", len(data), journalSize)
	}
	for c := range callers {
		for i := range each {
			if !bytes.Contains(data, fmt.Appendf(nil, "<%d.%d>", c, i)) {
				t.Fatalf("record <%d.%d> is not in the file", c, i)
			}
		}
	}
}

func TestJournalWrapsAtItsEnd(t *testing.T) {
	j, err := openJournal(filepath.Join(t.TempDir(), "journal"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.f.Close()
	big := bytes.Repeat([]byte{'k'}, journalSize/2+1)
	for range 3 {
		if err := j.append(big); err != nil {
			t.Fatal(err)
		}
	}
	if j.off != int64(len(big)) {
		t.Fatalf("the next write goes at %d, want %d: a record that does not fit goes at the start", j.off, len(big))
	}
}

func TestJournalRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := openJournal(path); err == nil {
		t.Fatal("openJournal opened a file that was there")
	}
}

// TestJournalFailsOnceAWriteFailed: a record whose write fails is not
// acknowledged, nor is any after it.
func TestJournalFailsOnceAWriteFailed(t *testing.T) {
	j, err := openJournal(filepath.Join(t.TempDir(), "journal"))
	if err != nil {
		t.Fatal(err)
	}
	if err := j.append([]byte("kept")); err != nil {
		t.Fatal(err)
	}
	j.f.Close() // every later write fails
	for i := range 2 {
		if err := j.append([]byte("lost")); err == nil {
			t.Fatalf("append %d after a failed write succeeded", i)
		}
	}
	if j.durable != 1 {
		t.Fatalf("durable = %d, want 1: only the first record was synced", j.durable)
	}
}
