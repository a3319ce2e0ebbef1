package kms_test

import (
	"testing"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awserr"
)

// FuzzKeyIdentifier gives DescribeKey and Decrypt arbitrary key
// identifiers and blobs: every failure must be an AWS error of KMS's, never
// a panic or an internal failure.
func FuzzKeyIdentifier(f *testing.F) {
	e := newEnv(f)
	c := withRequest(e.rootRequest(acctA, regionA))
	out, err := e.svc.CreateKey(c, &kmsapi.CreateKeyInput{})
	if err != nil {
		f.Fatal(err)
	}
	known := *out.KeyMetadata.KeyId
	f.Fuzz(func(t *testing.T, id string, blob []byte) {
		if id == "" {
			id = known
		}
		_, err := e.svc.DescribeKey(c, &kmsapi.DescribeKeyInput{KeyId: &id})
		checkFuzzError(t, err)
		if len(blob) > 0 {
			_, err = e.svc.Decrypt(c, &kmsapi.DecryptInput{CiphertextBlob: blob, KeyId: &id})
			checkFuzzError(t, err)
		}
	})
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if e, ok := awserr.As(err); !ok || e.Status != 400 {
		t.Fatalf("error %v is not a KMS error", err)
	}
}
