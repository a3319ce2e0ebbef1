package kms_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// Requests on one key while it rotates, changes policy and gains grants:
// every blob decrypts, and the race detector has something to look at.
func TestConcurrentUse(t *testing.T) {
	e := newEnv(t)
	m := createKey(t, e.root(acctA, regionA), nil)
	c := withRequest(e.rootRequest(acctA, regionA))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for range 25 {
				enc, err := e.svc.Encrypt(c, &kmsapi.EncryptInput{KeyId: m.Arn, Plaintext: []byte{byte(w)}})
				if err != nil {
					t.Error(err)
					return
				}
				dec, err := e.svc.Decrypt(c, &kmsapi.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
				if err != nil || dec.Plaintext[0] != byte(w) {
					t.Errorf("Decrypt = %v, %v", dec, err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 5 {
			if _, err := e.svc.RotateKeyOnDemand(c, &kmsapi.RotateKeyOnDemandInput{KeyId: m.KeyId}); err != nil {
				t.Error(err)
			}
			if _, err := e.svc.CreateGrant(c, &kmsapi.CreateGrantInput{KeyId: m.KeyId, Operations: []string{"Decrypt"},
				GranteePrincipal: aws.String(userARN(acctA, "g"))}); err != nil {
				t.Error(err)
			}
			if _, err := e.svc.PutKeyPolicy(c, &kmsapi.PutKeyPolicyInput{KeyId: m.KeyId,
				Policy: aws.String(keyPolicy(rootStatement(acctA)) + strings.Repeat(" ", i))}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
}
