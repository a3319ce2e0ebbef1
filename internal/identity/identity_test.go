package identity_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/datadir"
)

func open(t *testing.T, convenience bool) (*identity.Registry, store.Store) {
	t.Helper()
	dir, err := datadir.Open(t.TempDir(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dir.Close() })
	return identity.New(dir.Store, dir.Sealer, identity.Options{Convenience: convenience}), dir.Store
}

func TestConvenienceCredentials(t *testing.T) {
	ctx := context.Background()
	ids, _ := open(t, true)
	c, err := ids.Lookup(ctx, "test")
	if err != nil || c.Account != "000000000000" || c.Secret != "test" || c.Kind != identity.KindRoot {
		t.Fatalf("test/test = %+v, %v", c, err)
	}
	if _, err := ids.Lookup(ctx, "222233334444"); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Account(ctx, "222233334444"); err != nil {
		t.Errorf("account not created on first use: %v", err)
	}
	strict, _ := open(t, false)
	if _, err := strict.Lookup(ctx, "test"); !errors.Is(err, identity.ErrUnknownKey) {
		t.Errorf("strict registry resolved test/test: %v", err)
	}
}

func TestSecretsAreSealedAtRest(t *testing.T) {
	ctx := context.Background()
	ids, st := open(t, false)
	_, root, err := ids.CreateAccount(ctx, "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	sess := ids.NewTemporaryKey("111122223333", identity.KindSession, time.Now().Add(time.Hour))
	sess.Session.RoleName, sess.Session.SessionName = "r", "s"
	if err := ids.Save(ctx, sess); err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx store.Tx) error {
		return tx.Scan("credentials", "", "", func(key string, value []byte) (bool, error) {
			for _, secret := range []string{root.Secret, sess.Secret, sess.Session.SessionToken} {
				if bytes.Contains(value, []byte(secret)) {
					t.Errorf("credential %s stores a secret in clear", key)
				}
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ids.Lookup(ctx, sess.AccessKeyID)
	if err != nil || got.Secret != sess.Secret || got.Session.SessionToken != sess.Session.SessionToken {
		t.Errorf("session read back = %+v, %v", got, err)
	}
	if p := got.Principal(); p.ARN != "arn:aws:sts::111122223333:assumed-role/r/s" || p.IssuerARN != "arn:aws:iam::111122223333:role/r" {
		t.Errorf("principal = %+v", p)
	}
}

func TestRegionStatus(t *testing.T) {
	ctx := context.Background()
	ids, _ := open(t, false)
	a, _, err := ids.CreateAccount(ctx, "")
	if err != nil || !identity.IsAccountID(a.ID) {
		t.Fatalf("random account %q: %v", a.ID, err)
	}
	if a.RegionEnabled("af-south-1") || !a.RegionEnabled("us-east-1") || a.RegionEnabled("moon-1") {
		t.Errorf("new account Regions wrong")
	}
	if err := ids.SetRegionStatus(ctx, a.ID, "af-south-1", identity.RegionEnabled); err != nil {
		t.Fatal(err)
	}
	if err := ids.SetRegionStatus(ctx, a.ID, "us-east-1", identity.RegionDisabled); err == nil {
		t.Error("disabled a Region that needs no opt-in")
	}
	a, _ = ids.Account(ctx, a.ID)
	if !a.RegionEnabled("af-south-1") {
		t.Error("af-south-1 not enabled")
	}
	if _, _, err := ids.CreateAccount(ctx, a.ID); !errors.Is(err, identity.ErrAccountExists) {
		t.Errorf("second CreateAccount: %v", err)
	}
}

func TestUniqueIDs(t *testing.T) {
	ids, _ := open(t, false)
	seen := map[string]bool{}
	for range 1000 {
		id := ids.UniqueID(identity.PrefixUser)
		if len(id) != 21 || seen[id] {
			t.Fatalf("id %q (len %d, seen %v)", id, len(id), seen[id])
		}
		seen[id] = true
	}
	if k := ids.NewAccessKey("111122223333", identity.KindUser); len(k.AccessKeyID) != 20 || len(k.Secret) != 40 {
		t.Errorf("access key %q secret length %d", k.AccessKeyID, len(k.Secret))
	}
}

func TestKeyUseIsNotedThenFlushed(t *testing.T) {
	ctx := context.Background()
	ids, st := open(t, false)
	_, root, err := ids.CreateAccount(ctx, "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ids.LastUse(ctx, root.AccessKeyID); ok || err != nil {
		t.Fatalf("unused key has a last use: %v %v", ok, err)
	}
	when := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	ids.NoteUse(root, "sts", "eu-west-1", when)
	ids.NoteUse(&identity.Credential{AccessKeyID: "AKIANOTSTOREDANYWHERE"}, "sts", "eu-west-1", when)
	sess := ids.NewTemporaryKey("111122223333", identity.KindSession, when.Add(time.Hour))
	sess.Session.RoleName, sess.Session.SessionName = "Deployer", "s"
	ids.NoteUse(sess, "kms", "eu-west-1", when)
	if use, ok, _ := ids.LastUse(ctx, root.AccessKeyID); !ok || use.Service != "sts" || !use.Time.Equal(when) {
		t.Errorf("pending use = %+v %v", use, ok)
	}
	if err := ids.FlushUses(ctx); err != nil {
		t.Fatal(err)
	}
	if use, ok, _ := ids.LastUse(ctx, root.AccessKeyID); !ok || use.Region != "eu-west-1" || !use.Time.Equal(when) {
		t.Errorf("flushed use = %+v %v", use, ok)
	}
	if _, ok, _ := ids.LastUse(ctx, "AKIANOTSTOREDANYWHERE"); ok {
		t.Error("a key that is not stored got a last use")
	}
	err = st.View(ctx, func(tx store.Tx) error {
		use, ok, err := ids.RoleUse(tx, "111122223333", "deployer") // role names ignore case
		if err != nil || !ok || use.Service != "kms" {
			t.Errorf("role use = %+v %v %v", use, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPrincipals: each kind of credential stands for its principal, with
// AWS's ARN and unique id, and only users' temporary credentials count
// as user sessions.
func TestPrincipals(t *testing.T) {
	const acct = "111122223333"
	tests := []struct {
		name        string
		c           *identity.Credential
		arn, issuer string
		id          string
		userSession bool
	}{
		{"root", &identity.Credential{Account: acct, Kind: identity.KindRoot},
			"arn:aws:iam::111122223333:root", "", acct, false},
		{"user", &identity.Credential{Account: acct, Kind: identity.KindUser, UserName: "bob", UserID: "AIDABOB", UserPath: "/ops/"},
			"arn:aws:iam::111122223333:user/ops/bob", "", "AIDABOB", false},
		{"user session", &identity.Credential{Account: acct, Kind: identity.KindUser, UserName: "bob", UserID: "AIDABOB",
			Session: &identity.Session{}}, "arn:aws:iam::111122223333:user/bob", "", "AIDABOB", true},
		{"role session", &identity.Credential{Account: acct, Kind: identity.KindSession,
			Session: &identity.Session{RoleName: "r", RoleID: "AROAR", SessionName: "s"}},
			"arn:aws:sts::111122223333:assumed-role/r/s", "arn:aws:iam::111122223333:role/r", "AROAR:s", false},
		{"federated user of a user", &identity.Credential{Account: acct, Kind: identity.KindFederated, UserName: "bob",
			UserPath: "/ops/", Session: &identity.Session{SessionName: "Bob"}},
			"arn:aws:sts::111122223333:federated-user/Bob", "arn:aws:iam::111122223333:user/ops/bob", acct + ":Bob", true},
		{"federated user of root", &identity.Credential{Account: acct, Kind: identity.KindFederated,
			Session: &identity.Session{SessionName: "Bob"}},
			"arn:aws:sts::111122223333:federated-user/Bob", "arn:aws:iam::111122223333:root", acct + ":Bob", true},
	}
	for _, tt := range tests {
		p := tt.c.Principal()
		if p.ARN != tt.arn || p.IssuerARN != tt.issuer || tt.c.PrincipalID() != tt.id || tt.c.UserSession() != tt.userSession {
			t.Errorf("%s: %+v, id %s, user session %v", tt.name, p, tt.c.PrincipalID(), tt.c.UserSession())
		}
	}
}

// TestServiceCredentialSecretsAreSealed: a service-specific credential's
// secret is stored sealed, opened on reading, and gone with the
// credential.
func TestServiceCredentialSecretsAreSealed(t *testing.T) {
	ctx := context.Background()
	ids, st := open(t, false)
	c := &identity.ServiceCredential{ID: ids.NewServiceCredentialID(), Account: "111122223333", UserName: "jane",
		Service: "codecommit.amazonaws.com", ServiceUserName: "jane-at-111122223333", Secret: ids.NewServiceSecret(),
		Status: identity.StatusActive, Created: time.Now().UTC()}
	if len(c.Secret) != 60 || c.Secret[59] != '=' || len(c.ID) != 21 {
		t.Fatalf("secret %d characters, id %s", len(c.Secret), c.ID)
	}
	err := st.Update(ctx, func(tx store.Tx) error { return ids.PutServiceCredential(tx, c) })
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(ctx, func(tx store.Tx) error {
		return tx.Scan("credentials.service-specific", "", "", func(key string, value []byte) (bool, error) {
			if bytes.Contains(value, []byte(c.Secret)) {
				t.Errorf("%s stores its secret in clear", key)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		got, err := ids.GetServiceCredential(tx, "111122223333", "jane", c.ID)
		if err != nil || got.Secret != c.Secret || got.ServiceUserName != c.ServiceUserName {
			t.Errorf("read back %+v, %v", got, err)
		}
		if err := ids.DeleteServiceCredential(tx, got); err != nil {
			return err
		}
		if _, err := ids.GetServiceCredential(tx, "111122223333", "jane", c.ID); !errors.Is(err, identity.ErrNoSuchServiceCredential) {
			t.Errorf("after delete: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
