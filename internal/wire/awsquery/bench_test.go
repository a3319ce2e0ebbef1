package awsquery_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/wire/awsquery"
)

// BenchmarkDecodeLongName decodes a CreateUser request carrying one
// dotted parameter name (a.a.a.…) of 1 KiB to 1 MiB, the shape of input
// that once cost time quadratic in its length. The cost must grow
// linearly: ns/op proportional to the size, MB/s flat.
func BenchmarkDecodeLongName(b *testing.B) {
	codec := awsquery.New(iamapi.Service(&fakeIAM{}))
	for size := 1 << 10; size <= 1<<20; size <<= 2 {
		body := []byte("Action=CreateUser&Version=2010-05-08&UserName=ann&" + strings.Repeat("a.", size/2) + "=1")
		req, _ := http.NewRequest(http.MethodPost, "/", nil)
		op, err := codec.Operation(req, body)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := codec.Input(op, req, body); err == nil || err.Code != "InvalidQueryParameter" {
					b.Fatal(err)
				}
			}
		})
	}
}
