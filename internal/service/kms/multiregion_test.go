package kms_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// TestMultiRegionKeys: a primary in one Region, a replica in another with
// its own policy and tags; ciphertexts of either decrypt in the other;
// rotation of the primary reaches the replica; the primary moves.
func TestMultiRegionKeys(t *testing.T) {
	e := newEnv(t)
	east, west := e.root(acctA, regionB), e.root(acctA, regionA)
	m := createKey(t, east, &awskms.CreateKeyInput{MultiRegion: aws.Bool(true), Description: aws.String("primary")})
	id := aws.ToString(m.KeyId)
	if len(id) != 36 || id[:4] != "mrk-" || !aws.ToBool(m.MultiRegion) || m.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypePrimary {
		t.Fatalf("CreateKey MultiRegion = %+v", m)
	}
	policy := keyPolicy(rootStatement(acctA), `{"Sid":"replica's own","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acctB+`:root"},"Action":"kms:Decrypt","Resource":"*"}`)
	rep, err := east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA), Policy: aws.String(policy),
		Description: aws.String("replica"), Tags: []types.Tag{{TagKey: aws.String("side"), TagValue: aws.String("west")}}})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.ReplicaKeyMetadata
	if aws.ToString(r.Arn) != "arn:aws:kms:"+regionA+":"+acctA+":key/"+id || aws.ToString(rep.ReplicaPolicy) != policy || len(rep.ReplicaTags) != 1 ||
		r.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypeReplica || aws.ToString(r.Description) != "replica" ||
		aws.ToString(r.CurrentKeyMaterialId) != aws.ToString(m.CurrentKeyMaterialId) || r.KeyState != types.KeyStateCreating || r.Enabled {
		t.Fatalf("ReplicateKey = %+v", rep)
	}
	if st := keyState(t, west, m.KeyId).KeyState; st != types.KeyStateEnabled {
		t.Fatalf("replica after ReplicateKey: %s", st)
	}
	d, _ := east.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	cfg := d.KeyMetadata.MultiRegionConfiguration
	if aws.ToString(cfg.PrimaryKey.Region) != regionB || len(cfg.ReplicaKeys) != 1 || aws.ToString(cfg.ReplicaKeys[0].Region) != regionA {
		t.Fatalf("primary's configuration = %+v", cfg)
	}

	enc, err := east.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("across Regions")})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := west.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	if err != nil || string(dec.Plaintext) != "across Regions" || aws.ToString(dec.KeyId) != aws.ToString(r.Arn) {
		t.Fatalf("Decrypt in the replica's Region = %+v, %v", dec, err)
	}

	if _, err := east.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	_, err = west.RotateKeyOnDemand(ctx(), &awskms.RotateKeyOnDemandInput{KeyId: m.KeyId})
	wantError(t, err, "UnsupportedOperationException", "-")
	pd, _ := east.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	rd, _ := west.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	if aws.ToString(rd.KeyMetadata.CurrentKeyMaterialId) != aws.ToString(pd.KeyMetadata.CurrentKeyMaterialId) ||
		aws.ToString(pd.KeyMetadata.CurrentKeyMaterialId) == aws.ToString(m.CurrentKeyMaterialId) {
		t.Fatal("the replica does not have the primary's new key material")
	}
	back, err := west.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("back east")})
	if err != nil {
		t.Fatal(err)
	}
	if dec, err := east.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: back.CiphertextBlob}); err != nil || string(dec.Plaintext) != "back east" {
		t.Fatalf("Decrypt of the replica's ciphertext by the primary = %v", err)
	}

	// The replica's own policy, not the primary's, decides in its Region.
	other := e.root(acctB, regionA)
	if _, err := other.Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: back.CiphertextBlob}); err != nil {
		t.Fatalf("account B through the replica's policy: %v", err)
	}
	_, err = e.root(acctB, regionB).Decrypt(ctx(), &awskms.DecryptInput{CiphertextBlob: back.CiphertextBlob})
	wantError(t, err, "AccessDeniedException", "-")

	if _, err := east.UpdatePrimaryRegion(ctx(), &awskms.UpdatePrimaryRegionInput{KeyId: m.KeyId, PrimaryRegion: aws.String(regionA)}); err != nil {
		t.Fatal(err)
	}
	rd, _ = west.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	pd, _ = east.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	if rd.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypePrimary ||
		pd.KeyMetadata.MultiRegionConfiguration.MultiRegionKeyType != types.MultiRegionKeyTypeReplica ||
		aws.ToString(pd.KeyMetadata.MultiRegionConfiguration.ReplicaKeys[0].Region) != regionB {
		t.Fatalf("after UpdatePrimaryRegion: %+v / %+v", rd.KeyMetadata.MultiRegionConfiguration, pd.KeyMetadata.MultiRegionConfiguration)
	}
}

func TestMultiRegionErrors(t *testing.T) {
	e := newEnv(t)
	east := e.root(acctA, regionB)
	single := createKey(t, east, nil)
	m := createKey(t, east, &awskms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if _, err := east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA)}); err != nil {
		t.Fatal(err)
	}
	missing := "mrk-0123456789abcdef0123456789abcdef"
	_, err := east.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String(missing)})
	wantError(t, err, "NotFoundException", "Key 'arn:aws:kms:"+regionB+":"+acctA+":key/"+missing+"' does not exist")
	_, err = east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: single.KeyId, ReplicaRegion: aws.String(regionA)})
	wantError(t, err, "UnsupportedOperationException", "-")
	_, err = east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA)})
	wantError(t, err, "AlreadyExistsException", "-")
	_, err = e.root(acctA, regionA).ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String("ap-south-1")})
	wantError(t, err, "UnsupportedOperationException", "-")
	_, err = east.UpdatePrimaryRegion(ctx(), &awskms.UpdatePrimaryRegionInput{KeyId: m.KeyId, PrimaryRegion: aws.String("ap-south-1")})
	wantError(t, err, "NotFoundException", "-")

	// kms:ReplicaRegion in an identity policy limits where a user replicates.
	user, _ := e.user(acctA, regionB, "replicator", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"kms:CreateKey","Resource":"*"},
		{"Effect":"Allow","Action":"kms:ReplicateKey","Resource":"*","Condition":{"StringEquals":{"kms:ReplicaRegion":"ap-south-1"}}}]}`)
	_, err = user.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String("eu-central-1")})
	wantError(t, err, "AccessDeniedException", "-")
	if _, err := user.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String("ap-south-1")}); err != nil {
		t.Fatalf("ReplicateKey allowed by kms:ReplicaRegion: %v", err)
	}
}

// TestMultiRegionDeletion: a primary scheduled for deletion while it has
// replicas waits in PendingReplicaDeletion; once its replicas are deleted
// they leave its configuration, and its own waiting period runs from
// there. A replica can be made again where one was deleted.
func TestMultiRegionDeletion(t *testing.T) {
	e := newEnv(t)
	east, west := e.root(acctA, regionB), e.root(acctA, regionA)
	m := createKey(t, east, &awskms.CreateKeyInput{MultiRegion: aws.Bool(true)})
	if _, err := east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA)}); err != nil {
		t.Fatal(err)
	}
	del, err := east.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId, PendingWindowInDays: aws.Int32(7)})
	if err != nil || del.KeyState != types.KeyStatePendingReplicaDeletion || del.DeletionDate != nil {
		t.Fatalf("ScheduleKeyDeletion of the primary = %+v, %v", del, err)
	}
	_, err = east.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")})
	wantError(t, err, "KMSInvalidStateException", aws.ToString(m.Arn)+" is pending replica deletion.")
	if _, err := west.Encrypt(ctx(), &awskms.EncryptInput{KeyId: m.KeyId, Plaintext: []byte("x")}); err != nil {
		t.Fatalf("the replica still works: %v", err)
	}
	if _, err := west.CreateAlias(ctx(), &awskms.CreateAliasInput{AliasName: aws.String("alias/west"), TargetKeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	if _, err := west.CreateGrant(ctx(), &awskms.CreateGrantInput{KeyId: m.KeyId, GranteePrincipal: aws.String(userARN(acctA, "g")),
		Operations: []types.GrantOperation{types.GrantOperationDecrypt}}); err != nil {
		t.Fatal(err)
	}
	rdel, err := west.ScheduleKeyDeletion(ctx(), &awskms.ScheduleKeyDeletionInput{KeyId: m.KeyId, PendingWindowInDays: aws.Int32(7)})
	if err != nil || rdel.DeletionDate == nil {
		t.Fatalf("ScheduleKeyDeletion of the replica = %+v, %v", rdel, err)
	}
	md := keyState(t, east, m.KeyId)
	if md.KeyState != types.KeyStatePendingReplicaDeletion || !aws.ToTime(md.DeletionDate).Equal(aws.ToTime(rdel.DeletionDate).Add(7*24*time.Hour)) {
		t.Fatalf("primary once its replica is scheduled: %s, deletion %v", md.KeyState, md.DeletionDate)
	}

	e.clock.advance(8 * 24 * time.Hour)
	_, err = west.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: m.KeyId})
	wantError(t, err, "NotFoundException", "-")
	md = keyState(t, east, m.KeyId)
	if md.KeyState != types.KeyStatePendingDeletion || len(md.MultiRegionConfiguration.ReplicaKeys) != 0 {
		t.Fatalf("primary after its replica's deletion: %s, %+v", md.KeyState, md.MultiRegionConfiguration.ReplicaKeys)
	}
	if _, err := east.CancelKeyDeletion(ctx(), &awskms.CancelKeyDeletionInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.EnableKey(ctx(), &awskms.EnableKeyInput{KeyId: m.KeyId}); err != nil {
		t.Fatal(err)
	}
	if _, err := east.ReplicateKey(ctx(), &awskms.ReplicateKeyInput{KeyId: m.KeyId, ReplicaRegion: aws.String(regionA)}); err != nil {
		t.Fatalf("a new replica where one was deleted: %v", err)
	}
	if md := keyState(t, west, m.KeyId); md.KeyState != types.KeyStateEnabled || len(md.MultiRegionConfiguration.ReplicaKeys) != 1 {
		t.Fatalf("the new replica: %+v", md)
	}
	// The deleted replica's alias and grant are not the new one's.
	_, err = west.DescribeKey(ctx(), &awskms.DescribeKeyInput{KeyId: aws.String("alias/west")})
	wantError(t, err, "NotFoundException", "-")
	grants, err := west.ListGrants(ctx(), &awskms.ListGrantsInput{KeyId: m.KeyId})
	if err != nil || len(grants.Grants) != 0 {
		t.Fatalf("grants of the new replica = %+v, %v", grants, err)
	}
}
