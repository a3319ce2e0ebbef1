package restjson_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/amityhq/amity/internal/api/accountapi"
	"github.com/amityhq/amity/internal/wire/restjson"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

// fakeAccount keeps region opt-in states.
type fakeAccount struct {
	status map[string]string
	fail   error
}

func (f *fakeAccount) EnableRegion(_ context.Context, in *accountapi.EnableRegionInput) (*accountapi.EnableRegionOutput, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	f.status[*in.RegionName] = accountapi.RegionOptStatusEnabling
	return nil, nil
}

func (f *fakeAccount) DisableRegion(_ context.Context, in *accountapi.DisableRegionInput) (*accountapi.DisableRegionOutput, error) {
	f.status[*in.RegionName] = accountapi.RegionOptStatusDisabling
	return nil, nil
}

func (f *fakeAccount) GetRegionOptStatus(_ context.Context, in *accountapi.GetRegionOptStatusInput) (*accountapi.GetRegionOptStatusOutput, error) {
	s := f.status[*in.RegionName]
	return &accountapi.GetRegionOptStatusOutput{RegionName: in.RegionName, RegionOptStatus: &s}, nil
}

func (f *fakeAccount) ListRegions(_ context.Context, in *accountapi.ListRegionsInput) (*accountapi.ListRegionsOutput, error) {
	out := &accountapi.ListRegionsOutput{Regions: []accountapi.Region{}}
	for _, name := range []string{"af-south-1", "us-east-1"} {
		s := f.status[name]
		for _, want := range in.RegionOptStatusContains {
			if s == want {
				out.Regions = append(out.Regions, accountapi.Region{RegionName: aws.String(name), RegionOptStatus: aws.String(s)})
			}
		}
	}
	return out, nil
}

func newAccount(t *testing.T, fake *fakeAccount) *account.Client {
	srv := wiretest.Server(t, restjson.New, accountapi.Service(fake))
	return account.NewFromConfig(wiretest.Config(srv))
}

func TestAccountRegionsRoundTrip(t *testing.T) {
	fake := &fakeAccount{status: map[string]string{"af-south-1": "DISABLED", "us-east-1": "ENABLED_BY_DEFAULT"}}
	client := newAccount(t, fake)
	ctx := context.Background()
	if _, err := client.EnableRegion(ctx, &account.EnableRegionInput{RegionName: aws.String("af-south-1")}); err != nil {
		t.Fatal(err)
	}
	st, err := client.GetRegionOptStatus(ctx, &account.GetRegionOptStatusInput{RegionName: aws.String("af-south-1")})
	if err != nil {
		t.Fatal(err)
	}
	if st.RegionOptStatus != types.RegionOptStatusEnabling || aws.ToString(st.RegionName) != "af-south-1" {
		t.Errorf("SDK parsed %+v", st)
	}
	list, err := client.ListRegions(ctx, &account.ListRegionsInput{
		RegionOptStatusContains: []types.RegionOptStatus{types.RegionOptStatusEnabling, types.RegionOptStatusEnabledByDefault},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []types.Region{
		{RegionName: aws.String("af-south-1"), RegionOptStatus: types.RegionOptStatusEnabling},
		{RegionName: aws.String("us-east-1"), RegionOptStatus: types.RegionOptStatusEnabledByDefault},
	}
	if !reflect.DeepEqual(list.Regions, want) {
		t.Errorf("SDK parsed %+v", list.Regions)
	}
}

func TestAccountErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        *account.EnableRegionInput
		fail      error
		code, msg string
		status    int
	}{
		{"modeled 409", &account.EnableRegionInput{RegionName: aws.String("af-south-1")},
			accountapi.ConflictException("The request could not be processed because of a conflict."), "ConflictException",
			"The request could not be processed because of a conflict.", 409},
		{"modeled 403", &account.EnableRegionInput{RegionName: aws.String("af-south-1")},
			accountapi.AccessDeniedException("denied"), "AccessDeniedException", "denied", 403},
		{"validation, two members", &account.EnableRegionInput{RegionName: aws.String(""), AccountId: aws.String("123")}, nil,
			"ValidationException", "2 validation errors detected: Value '123' at 'accountId' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: \\d{12}; Value '' at 'regionName' failed to satisfy constraint: " +
				"Member must have length greater than or equal to 1", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newAccount(t, &fakeAccount{status: map[string]string{}, fail: tt.fail})
			_, err := client.EnableRegion(context.Background(), tt.in)
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d\nwant %s %q %d", code, msg, status, tt.code, tt.msg, tt.status)
			}
		})
	}
}

// A raw request with a body that is not JSON, and one missing a required
// member, as the SDK would never send them.
func TestAccountRawRequests(t *testing.T) {
	srv := wiretest.Server(t, restjson.New, accountapi.Service(&fakeAccount{status: map[string]string{}}))
	tests := []struct {
		body, code, want string
		status           int
	}{
		{`{"RegionName":`, "SerializationException", `{}`, 400},
		{`{}`, "ValidationException",
			`{"message":"1 validation error detected: Value null at 'regionName' failed to satisfy constraint: Member must not be null"}`, 400},
		{`{"RegionName":"af-south-1"}`, "", `{}`, 200},
	}
	for _, tt := range tests {
		resp, body := wiretest.Do(t, srv, http.MethodPost, "/enableRegion", http.Header{"Content-Type": {"application/json"}}, tt.body)
		if resp.StatusCode != tt.status || resp.Header.Get("X-Amzn-Errortype") != tt.code || body != tt.want {
			t.Errorf("%s: got %d %q %s", tt.body, resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), body)
		}
	}
}
