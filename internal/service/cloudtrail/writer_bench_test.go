package cloudtrail

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/cloudtrail/record"
	"github.com/amityhq/amity/internal/store/bolt"
)

// BenchmarkWriter measures the writer alone: batches of 800 Encrypt calls
// built into records and written to a store, per record (the commit's
// fsync included).
func BenchmarkWriter(b *testing.B) {
	st, err := bolt.Open(filepath.Join(b.TempDir(), "db"), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := New(Options{Store: st, Authorizer: authz.New(nil, authz.Options{}), Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	key := "arn:aws:kms:us-east-1:111122223333:key/6ddec965-4819-4b7b-a941-d207a6044dde"
	cred := &identity.Credential{AccessKeyID: "AKIAEXAMPLE", Account: "111122223333", Kind: identity.KindUser, UserName: "dev", UserID: "AIDAEXAMPLE"}
	mk := func() *record.Call {
		return &record.Call{RequestID: "a289cb81-e302-4da1-9d67-e91fd7df0f38", Time: time.Now(), Service: "kms", Operation: "Encrypt", ReadOnly: true,
			Request: authz.Request{Credential: cred, Principal: cred.Principal(), Region: "us-east-1", SourceIP: "127.0.0.1", UserAgent: "aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/kms#1.62.5 m/E"},
			Input:   &kmsapi.EncryptInput{KeyId: &key, EncryptionContext: map[string]string{"aws:ebs:id": "vol-0123456789abcdef0"}},
			Output:  &kmsapi.EncryptOutput{KeyId: &key}, Resources: []authz.Resource{{ARN: key, Account: "111122223333"}}, Recipients: []string{"111122223333"}}
	}
	const batch = 800
	calls := make([]*record.Call, batch)
	b.ReportAllocs()
	for b.Loop() {
		for i := range calls {
			calls[i] = mk()
		}
		s.write(context.Background(), calls)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/event")
}
