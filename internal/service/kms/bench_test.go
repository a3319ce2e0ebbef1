package kms_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms"
)

// benchApp is amity with a user allowed one action on a key, for the
// benchmarks: IAM's real identity policies and authorizer.
type benchApp struct {
	env    *amitytest.Env
	svc    *kms.Service // a Service of its own over the app's store
	key    string       // the key's ARN
	user   *authz.Request
	client *awskms.Client // the user's, over HTTP
}

// newBenchApp makes the key createIn describes (a symmetric key when nil)
// and a user allowed action on it.
func newBenchApp(b *testing.B, createIn *awskms.CreateKeyInput, action string) *benchApp {
	env := amitytest.New(b)
	m := createKey(b, awskms.NewFromConfig(env.RootConfig(acctA, regionA)), createIn)
	cfg := env.NewUser(b, acctA, regionA, "bench", allowAll(action, aws.ToString(m.Arn)))
	creds, err := cfg.Credentials.Retrieve(ctx())
	if err != nil {
		b.Fatal(err)
	}
	cred, err := env.App.Identities.Lookup(ctx(), creds.AccessKeyID)
	if err != nil {
		b.Fatal(err)
	}
	return &benchApp{
		env: env,
		svc: kms.New(kms.Options{Store: env.App.Dir.Store, Sealer: env.App.Dir.Sealer,
			Authorizer: env.App.Authorizer, Now: env.Clock.Now}),
		key:    aws.ToString(m.Arn),
		user:   &authz.Request{Credential: cred, Principal: cred.Principal(), Region: regionA, Time: env.Clock.Now()},
		client: awskms.NewFromConfig(cfg),
	}
}

// encryptInput is an EBS-like Encrypt: a 32-byte data key, one pair of
// encryption context.
func encryptInput(key string) *kmsapi.EncryptInput {
	return &kmsapi.EncryptInput{KeyId: &key, Plaintext: make([]byte, 32),
		EncryptionContext: map[string]string{"aws:ebs:id": "vol-0894f908458cca170"}}
}

// BenchmarkEncryptInProcess calls Encrypt on the Service with a prepared
// context — an IAM user whose identity policy allows kms:Encrypt on a key
// whose default policy lets IAM decide — and the whole authorization on
// every call, keeping its decision as a served request does.
//
// Like the request and its context, the request's Decisions are made
// once and emptied for each call: the server allocates them with the
// request's audit event, an allocation of the server's, not KMS's.
func BenchmarkEncryptInProcess(b *testing.B) {
	a := newBenchApp(b, nil, "kms:Encrypt")
	req := *a.user
	req.Decisions = new(authz.Decisions)
	c := withRequest(&req)
	in := encryptInput(a.key)
	if _, err := a.svc.Encrypt(c, in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var out *kmsapi.EncryptOutput
	for b.Loop() {
		*req.Decisions = authz.Decisions{}
		var err error
		if out, err = a.svc.Encrypt(c, in); err != nil {
			b.Fatal(err)
		}
	}
	a.checkEncrypted(b, in, out, req.Decisions)
}

// checkEncrypted fails b unless d kept the one decision that allowed
// Encrypt, and out, its answer to in, decrypts to in's plaintext.
func (a *benchApp) checkEncrypted(b *testing.B, in *kmsapi.EncryptInput, out *kmsapi.EncryptOutput, d *authz.Decisions) {
	if recs := d.Records(); len(recs) != 1 || !recs[0].Allowed() || recs[0].Action != "kms:Encrypt" {
		b.Fatalf("decisions kept: %+v", recs)
	}
	root := withRequest(a.env.Request(b, a.env.RootConfig(acctA, regionA)))
	got, err := a.svc.Decrypt(root, &kmsapi.DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: in.EncryptionContext})
	if err != nil || !bytes.Equal(got.Plaintext, in.Plaintext) {
		b.Fatalf("the ciphertext does not decrypt: %v", err)
	}
}

// BenchmarkEncryptHTTP measures Encrypt over loopback with aws-sdk-go-v2:
// amity (SigV4, IAM, KMS's authorization) against a bare net/http handler
// that only parses the same JSON, seals once with AES-GCM and answers,
// with the same client settings. Each iteration sends a round of requests
// from 8 concurrent clients to amity and then the same to the bare
// handler, so that whatever else the machine does weighs on both alike;
// it reports both throughputs and their ratio.
func BenchmarkEncryptHTTP(b *testing.B) {
	a := newBenchApp(b, nil, "kms:Encrypt")
	bare := httptest.NewServer(bareEncryptHandler(b))
	b.Cleanup(bare.Close)
	bareClient := newClient(bare.URL, "AKIDBARE", "secret", "", regionA) // signs, as the SDK always does
	in := encryptInput(a.key)
	sdkIn := &awskms.EncryptInput{KeyId: in.KeyId, Plaintext: in.Plaintext, EncryptionContext: in.EncryptionContext}
	const clients, perClient = 8, 25
	round := func(client *awskms.Client) time.Duration {
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range perClient {
					if _, err := client.Encrypt(ctx(), sdkIn); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		return time.Since(start)
	}
	round(a.client)
	round(bareClient)
	var amity, yardstick time.Duration
	for b.Loop() {
		amity += round(a.client)
		yardstick += round(bareClient)
	}
	requests := float64(b.N * clients * perClient)
	b.ReportMetric(requests/amity.Seconds(), "amity-req/s")
	b.ReportMetric(requests/yardstick.Seconds(), "bare-req/s")
	b.ReportMetric(yardstick.Seconds()/amity.Seconds(), "ratio")
}

// bareEncryptHandler is the yardstick: decode an Encrypt request with
// encoding/json, seal the plaintext once, answer.
func bareEncryptHandler(b *testing.B) http.Handler {
	block, err := aes.NewCipher(make([]byte, 32))
	if err != nil {
		b.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		b.Fatal(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			KeyId             string
			Plaintext         []byte
			EncryptionContext map[string]string
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		nonce := make([]byte, aead.NonceSize())
		_, _ = rand.Read(nonce)
		out, _ := json.Marshal(struct {
			CiphertextBlob      []byte
			KeyId               string
			EncryptionAlgorithm string
		}{aead.Seal(nonce, nonce, in.Plaintext, nil), in.KeyId, "SYMMETRIC_DEFAULT"})
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write(out)
	})
}

// BenchmarkMemoryPerKey reports the heap held per key once 10,000 keys
// have been used (metadata cached, key material opened). The keys are
// made once, whatever -benchtime says: each iteration is the first
// Encrypt under one of them on a Service whose cache starts empty, and
// the keys the iterations did not reach are used after the timed loop.
func BenchmarkMemoryPerKey(b *testing.B) {
	const n = 10000
	e := newEnv(b)
	c := withRequest(e.rootRequest(acctA, regionA))
	ids := make([]*string, n)
	for i := range ids {
		out, err := e.svc.CreateKey(c, &kmsapi.CreateKeyInput{Description: aws.String(fmt.Sprint("key ", i))})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = out.KeyMetadata.Arn
	}
	// A fresh Service over the same store starts with an empty cache.
	fresh := e.reopen()
	encrypt := func(id *string) {
		if _, err := fresh.Encrypt(c, &kmsapi.EncryptInput{KeyId: id, Plaintext: []byte("x")}); err != nil {
			b.Fatal(err)
		}
	}
	before := heapInUse()
	used := 0
	for b.Loop() {
		encrypt(ids[used%n])
		used++
	}
	for ; used < n; used++ {
		encrypt(ids[used])
	}
	after := heapInUse()
	runtime.KeepAlive(fresh)
	b.ReportMetric(float64(after-before)/n, "bytes/key")
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// BenchmarkCreateKey creates symmetric keys from four concurrent callers
// (at two per processor on the 2-core CI machine) in a durable store: each
// acknowledged key is on disk, so commits share fsyncs or wait on them.
func BenchmarkCreateKey(b *testing.B) {
	e := newEnv(b)
	c := withRequest(e.rootRequest(acctA, regionA))
	b.ReportAllocs()
	b.SetParallelism(max(1, 4/runtime.GOMAXPROCS(0)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.svc.CreateKey(c, &kmsapi.CreateKeyInput{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
