package account_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

const acct = "111122223333"

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return ""
}

func TestEnableAndDisableRegion(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	client := account.NewFromConfig(env.RootConfig(acct, "us-east-1"))
	inCapeTown := sts.NewFromConfig(env.RootConfig(acct, "af-south-1"))

	status := func(region string) string {
		t.Helper()
		out, err := client.GetRegionOptStatus(ctx, &account.GetRegionOptStatusInput{RegionName: aws.String(region)})
		if err != nil {
			t.Fatalf("GetRegionOptStatus %s: %v", region, err)
		}
		return string(out.RegionOptStatus)
	}
	if got := status("af-south-1"); got != "DISABLED" {
		t.Errorf("af-south-1 = %s, want DISABLED", got)
	}
	if got := status("us-east-1"); got != "ENABLED_BY_DEFAULT" {
		t.Errorf("us-east-1 = %s, want ENABLED_BY_DEFAULT", got)
	}
	if _, err := inCapeTown.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); code(err) != "InvalidClientTokenId: The security token included in the request is invalid" {
		t.Errorf("disabled Region: %v", err)
	}
	if _, err := client.EnableRegion(ctx, &account.EnableRegionInput{RegionName: aws.String("af-south-1")}); err != nil {
		t.Fatalf("EnableRegion: %v", err)
	}
	if got := status("af-south-1"); got != "ENABLED" {
		t.Errorf("af-south-1 after EnableRegion = %s", got)
	}
	if _, err := inCapeTown.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("enabled Region: %v", err)
	}
	if _, err := client.DisableRegion(ctx, &account.DisableRegionInput{RegionName: aws.String("af-south-1")}); err != nil {
		t.Fatalf("DisableRegion: %v", err)
	}
	if _, err := inCapeTown.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Error("Region still served after DisableRegion")
	}
	if _, err := client.EnableRegion(ctx, &account.EnableRegionInput{RegionName: aws.String("us-east-1")}); err == nil {
		t.Error("EnableRegion of a default Region succeeded")
	}
}

func TestListRegions(t *testing.T) {
	env := amitytest.New(t)
	client := account.NewFromConfig(env.RootConfig(acct, "us-east-1"))
	var all []types.Region
	p := account.NewListRegionsPaginator(client, &account.ListRegionsInput{MaxResults: aws.Int32(7)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Regions...)
	}
	if len(all) != 36 {
		t.Errorf("%d Regions, want 36", len(all))
	}
	disabled, err := client.ListRegions(context.Background(), &account.ListRegionsInput{
		RegionOptStatusContains: []types.RegionOptStatus{types.RegionOptStatusDisabled}, MaxResults: aws.Int32(50)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range disabled.Regions {
		if r.RegionOptStatus != types.RegionOptStatusDisabled {
			t.Errorf("%s is %s in the DISABLED filter", *r.RegionName, r.RegionOptStatus)
		}
	}
	if len(disabled.Regions) == 0 {
		t.Error("no disabled opt-in Region in a new account")
	}
}

func TestUserNeedsPermission(t *testing.T) {
	env := amitytest.New(t)
	user := env.NewUser(t, acct, "us-east-1", "dev")
	_, err := account.NewFromConfig(user).EnableRegion(context.Background(), &account.EnableRegionInput{RegionName: aws.String("af-south-1")})
	want := "AccessDeniedException: User: arn:aws:iam::111122223333:user/dev is not authorized to perform: account:EnableRegion on resource: arn:aws:account::111122223333:account because no identity-based policy allows the account:EnableRegion action"
	if code(err) != want {
		t.Errorf("got  %s\nwant %s", code(err), want)
	}
}
