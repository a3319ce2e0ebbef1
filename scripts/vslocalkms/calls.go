package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// plaintext is what every Encrypt seals: 32 bytes, a data key's size, the
// most common thing a KMS key encrypts.
var plaintext = []byte("0123456789abcdef0123456789abcdef")

// createKeys creates n symmetric keys on s from workers clients and
// returns their ids (an empty id where a creation failed).
func createKeys(ctx context.Context, s *server, n, workers int) ([]string, batch) {
	ids := make([]string, n)
	b := drive(ctx, n, workers, func(ctx context.Context, w, i int) error {
		out, err := s.clients[w].CreateKey(ctx, &kms.CreateKeyInput{})
		if err != nil {
			return err
		}
		ids[i] = aws.ToString(out.KeyMetadata.KeyId)
		return nil
	})
	return ids, b
}

// encrypt makes n Encrypt calls on s from workers clients, each under the
// key keyFor(i) picks.
func encrypt(ctx context.Context, s *server, n, workers int, keyFor func(i int) string) batch {
	return drive(ctx, n, workers, func(ctx context.Context, w, i int) error {
		_, err := s.clients[w].Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(keyFor(i)), Plaintext: plaintext})
		return err
	})
}

// oneKey creates a key on s and warms s up with Encrypt calls under it
// from every client: connections open, code paged in, caches filled (and,
// for amity, the account created by its first request).
func oneKey(ctx context.Context, s *server, warmup int) (string, error) {
	ids, b := createKeys(ctx, s, 1, 1)
	if b.failures > 0 {
		return "", fmt.Errorf("%s: CreateKey: %w", s.kind.name, b.firstErr)
	}
	if b := encrypt(ctx, s, warmup, len(s.clients), func(int) string { return ids[0] }); b.failures > 0 {
		return "", fmt.Errorf("%s: warm-up Encrypt: %w", s.kind.name, b.firstErr)
	}
	return ids[0], nil
}

// cpuOf runs f and returns the server CPU seconds it cost. Before the
// second reading it waits a moment: work a request queues off its path
// (amity records CloudTrail events in batches every 200 ms) is still its
// cost. Both servers wait alike; an idle server spends no measurable CPU.
func cpuOf(s *server, f func()) (float64, error) {
	const settle = 300 * time.Millisecond
	before, err := s.cpu()
	if err != nil {
		return 0, err
	}
	f()
	time.Sleep(settle)
	after, err := s.cpu()
	if err != nil {
		return 0, err
	}
	if ticks := (after - before) * clockTicks; ticks < 50 {
		progress("%s spent %.0f clock ticks: its CPU a call is exact to ±%.0f%% only (raise -requests or -createkeys)",
			s.kind.name, ticks, 100/max(ticks, 1))
	}
	return after - before, nil
}
