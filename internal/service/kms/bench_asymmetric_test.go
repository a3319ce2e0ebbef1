package kms_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"testing"
	"time"

	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// benchmarkAgainstRaw runs rounds of n calls of op — KMS in process, with
// the whole authorization of an IAM user on every call — and of raw, the
// bare cryptography of the same key spec, one after the other, so that
// whatever else the machine does weighs on both alike. It reports both
// throughputs and what authorization and bookkeeping add, in percent.
func benchmarkAgainstRaw(b *testing.B, op, raw func() error) {
	const n = 50
	round := func(f func() error) time.Duration {
		start := time.Now()
		for range n {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	round(op)
	round(raw)
	b.ReportAllocs()
	var kms, bare time.Duration
	for b.Loop() {
		kms += round(op)
		bare += round(raw)
	}
	calls := float64(b.N * n)
	b.ReportMetric(calls/kms.Seconds(), "kms-ops/s")
	b.ReportMetric(calls/bare.Seconds(), "raw-ops/s")
	b.ReportMetric(100*(kms.Seconds()-bare.Seconds())/bare.Seconds(), "overhead-%")
}

// inProcess is the context of a served request of a's user: a fresh
// Decisions each call, as the server keeps one per request.
func (a *benchApp) inProcess() func() context.Context {
	return func() context.Context {
		req := *a.user
		req.Decisions = new(authz.Decisions)
		return withRequest(&req)
	}
}

var benchMessage = []byte("a message of the size a JWT header and claims have, signed by KMS for the benchmark: 120 bytes.")

// benchmarkSign is Sign (RAW) with a key of spec and alg against rawSign,
// which signs the message's SHA-256 digest with a key of the same spec.
func benchmarkSign(b *testing.B, spec types.KeySpec, alg string, rawSign func(digest []byte) error) {
	a := newBenchApp(b, &awskms.CreateKeyInput{KeySpec: spec, KeyUsage: types.KeyUsageTypeSignVerify}, "kms:Sign")
	in := &kmsapi.SignInput{KeyId: &a.key, Message: benchMessage, SigningAlgorithm: &alg}
	ctxOf := a.inProcess()
	benchmarkAgainstRaw(b, func() error {
		_, err := a.svc.Sign(ctxOf(), in)
		return err
	}, func() error {
		digest := sha256.Sum256(benchMessage)
		return rawSign(digest[:])
	})
}

// BenchmarkSignECCNISTP256 is Sign (ECDSA_SHA_256) against crypto/ecdsa.
func BenchmarkSignECCNISTP256(b *testing.B) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkSign(b, types.KeySpecEccNistP256, kmsapi.SigningAlgorithmSpecEcdsaSha256, func(digest []byte) error {
		_, err := ecdsa.SignASN1(rand.Reader, key, digest)
		return err
	})
}

// BenchmarkSignRSA2048 is Sign (RSASSA_PKCS1_V1_5_SHA_256) against
// crypto/rsa.
func BenchmarkSignRSA2048(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkSign(b, types.KeySpecRsa2048, kmsapi.SigningAlgorithmSpecRsassaPkcs1V15Sha256, func(digest []byte) error {
		_, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest)
		return err
	})
}

// BenchmarkVerifyMac is VerifyMac (HMAC_SHA_256) against crypto/hmac
// computing and comparing the same MAC.
func BenchmarkVerifyMac(b *testing.B) {
	a := newBenchApp(b, &awskms.CreateKeyInput{KeySpec: types.KeySpecHmac256, KeyUsage: types.KeyUsageTypeGenerateVerifyMac}, "kms:VerifyMac")
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		b.Fatal(err)
	}
	rawMAC := hmac.New(sha256.New, key)
	rawMAC.Write(benchMessage)
	want := rawMAC.Sum(nil)
	root := awskms.NewFromConfig(a.env.RootConfig(acctA, regionA))
	mac, err := root.GenerateMac(ctx(), &awskms.GenerateMacInput{KeyId: &a.key, Message: benchMessage, MacAlgorithm: types.MacAlgorithmSpecHmacSha256})
	if err != nil {
		b.Fatal(err)
	}
	in := &kmsapi.VerifyMacInput{KeyId: &a.key, Message: benchMessage, Mac: mac.Mac, MacAlgorithm: new(kmsapi.MacAlgorithmSpecHmacSha256)}
	ctxOf := a.inProcess()
	benchmarkAgainstRaw(b, func() error {
		_, err := a.svc.VerifyMac(ctxOf(), in)
		return err
	}, func() error {
		h := hmac.New(sha256.New, key)
		h.Write(benchMessage)
		if !hmac.Equal(h.Sum(nil), want) {
			b.Fatal("raw MAC differs")
		}
		return nil
	})
}
