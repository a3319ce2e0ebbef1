package kms_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
)

func aliasARNOf(account, region, name string) string {
	return "arn:aws:kms:" + region + ":" + account + ":" + name
}

func TestAliases(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	k1 := createKey(t, root, nil)
	k2 := createKey(t, root, nil)
	create := func(name string, key *string) error {
		_, err := root.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: key})
		return err
	}
	if err := create("alias/app", k1.KeyId); err != nil {
		t.Fatal(err)
	}
	wantError(t, create("alias/app", k2.KeyId), "AlreadyExistsException",
		"An alias with the name "+aliasARNOf(acctA, regionA, "alias/app")+" already exists")
	wantError(t, create("app", k1.KeyId), "ValidationException",
		`Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`)
	wantError(t, create("alias/aws/mine", k1.KeyId), "NotAuthorizedException", unmodeledEmpty)
	wantError(t, create("alias/other", aws.String("alias/app")), "NotFoundException", "Invalid keyId 'alias/app'")

	describe := func(id string) string {
		t.Helper()
		out, err := root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.KeyMetadata.KeyId)
	}
	if got := describe("alias/app"); got != aws.ToString(k1.KeyId) {
		t.Fatalf("alias/app names %s", got)
	}
	if _, err := root.UpdateAlias(ctx(), &awskms.UpdateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: k2.Arn}); err != nil {
		t.Fatal(err)
	}
	if got := describe(aliasARNOf(acctA, regionA, "alias/app")); got != aws.ToString(k2.KeyId) {
		t.Fatalf("after UpdateAlias alias/app names %s", got)
	}
	list, err := root.ListAliases(ctx(), &awskms.ListAliasesInput{KeyId: k2.KeyId})
	if err != nil || len(list.Aliases) != 1 || aws.ToString(list.Aliases[0].AliasName) != "alias/app" ||
		aws.ToString(list.Aliases[0].TargetKeyId) != aws.ToString(k2.KeyId) || list.Aliases[0].CreationDate == nil ||
		aws.ToString(list.Aliases[0].AliasArn) != aliasARNOf(acctA, regionA, "alias/app") {
		t.Fatalf("ListAliases(k2) = %+v, %v", list, err)
	}
	if list, _ := root.ListAliases(ctx(), &awskms.ListAliasesInput{KeyId: k1.KeyId}); len(list.Aliases) != 0 {
		t.Fatalf("ListAliases(k1) = %+v", list.Aliases)
	}
	if _, err := root.DeleteAlias(ctx(), &awskms.DeleteAliasInput{AliasName: aws.String("alias/app")}); err != nil {
		t.Fatal(err)
	}
	_, err = root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/app")})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf(acctA, regionA, "alias/app")+" is not found.")
	_, err = root.DeleteAlias(ctx(), &awskms.DeleteAliasInput{AliasName: aws.String("alias/app")})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf(acctA, regionA, "alias/app")+" is not found.")
	// Aliases are per account and Region.
	if err := create("alias/app", k1.KeyId); err != nil {
		t.Fatal(err)
	}
	_, err = e.root(acctB, regionA).DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/app")})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf(acctB, regionA, "alias/app")+" is not found.")
}

func TestListAliasesPagination(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	k := createKey(t, root, nil)
	names := []string{"alias/a", "alias/b", "alias/c", "alias/d", "alias/e"}
	for _, n := range names {
		if _, err := root.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String(n), TargetKeyId: k.KeyId}); err != nil {
			t.Fatal(err)
		}
	}
	// The predefined alias/aws/ebs is listed, without a key, until used.
	want := append(append([]string{}, names...), "alias/aws/ebs")
	var got []string
	var marker *string
	for pages := 0; ; pages++ {
		out, err := root.ListAliases(ctx(), &awskms.ListAliasesInput{Limit: aws.Int32(2), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Aliases) > 2 || pages > 5 {
			t.Fatalf("page of %d aliases, after %d pages", len(out.Aliases), pages)
		}
		for _, a := range out.Aliases {
			got = append(got, aws.ToString(a.AliasName))
			if aws.ToString(a.AliasName) == "alias/aws/ebs" && a.TargetKeyId != nil {
				t.Errorf("alias/aws/ebs has a key before first use: %v", aws.ToString(a.TargetKeyId))
			}
		}
		if !out.Truncated {
			if out.NextMarker != nil {
				t.Error("NextMarker on the last page")
			}
			break
		}
		marker = out.NextMarker
	}
	if len(got) != len(want) {
		t.Fatalf("aliases = %v, want %v (any order of pages, sorted)", got, want)
	}
	sorted := []string{"alias/a", "alias/aws/ebs", "alias/b", "alias/c", "alias/d", "alias/e"}
	for i := range sorted {
		if got[i] != sorted[i] {
			t.Fatalf("aliases = %v, want %v", got, sorted)
		}
	}
	_, err := root.ListAliases(ctx(), &awskms.ListAliasesInput{Limit: aws.Int32(101)})
	wantError(t, err, "ValidationException",
		"1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")
	_, err = root.ListAliases(ctx(), &awskms.ListAliasesInput{Marker: aws.String("!!!")})
	wantError(t, err, "InvalidMarkerException", "")
}

func TestListKeysPagination(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	ids := map[string]bool{}
	for range 5 {
		ids[aws.ToString(createKey(t, root, nil).KeyId)] = true
	}
	createKey(t, e.root(acctA, regionB), nil) // another Region
	createKey(t, e.root(acctB, regionA), nil) // another account
	seen := map[string]bool{}
	var marker *string
	for {
		out, err := root.ListKeys(ctx(), &awskms.ListKeysInput{Limit: aws.Int32(2), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range out.Keys {
			id := aws.ToString(k.KeyId)
			if !ids[id] || seen[id] || aws.ToString(k.KeyArn) != "arn:aws:kms:"+regionA+":"+acctA+":key/"+id {
				t.Fatalf("unexpected entry %+v", k)
			}
			seen[id] = true
		}
		if !out.Truncated {
			break
		}
		marker = out.NextMarker
	}
	if len(seen) != len(ids) {
		t.Fatalf("listed %d keys, want %d", len(seen), len(ids))
	}
}

// A deleted key takes its aliases with it: the name is free again.
func TestAliasOfDeletedKey(t *testing.T) {
	e := newEnv(t)
	root := e.root(acctA, regionA)
	old := createKey(t, root, nil)
	if _, err := root.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/reused"), TargetKeyId: old.KeyId}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: old.KeyId, PendingWindowInDays: aws.Int32(7)}); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(8 * 24 * time.Hour)
	_, err := root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/reused")})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf(acctA, regionA, "alias/reused")+" is not found.")
	_, err = root.DeleteAlias(ctx(), &awskms.DeleteAliasInput{AliasName: aws.String("alias/reused")})
	wantError(t, err, "NotFoundException", "Alias "+aliasARNOf(acctA, regionA, "alias/reused")+" is not found.")
	if list, err := root.ListAliases(ctx(), &awskms.ListAliasesInput{}); err != nil || len(list.Aliases) != 1 {
		t.Fatalf("ListAliases = %+v, %v (want only the predefined alias/aws/ebs)", list, err)
	}
	fresh := createKey(t, root, nil)
	if _, err := root.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/reused"), TargetKeyId: fresh.KeyId}); err != nil {
		t.Fatalf("CreateAlias of a deleted key's alias: %v", err)
	}
	d, err := root.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/reused")})
	if err != nil || aws.ToString(d.KeyMetadata.KeyId) != aws.ToString(fresh.KeyId) {
		t.Fatalf("DescribeKey = %+v, %v", d, err)
	}
}
