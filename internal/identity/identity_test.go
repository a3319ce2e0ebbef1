package identity_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
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
	c, err = ids.Lookup(ctx, "222233334444")
	if err != nil {
		t.Fatal(err)
	}
	// The account comes with the first signed request, not the lookup
	// that precedes checking the signature.
	if _, err := ids.Account(ctx, "222233334444"); !errors.Is(err, identity.ErrNoSuchAccount) {
		t.Errorf("account created by a lookup: %v", err)
	}
	if a, err := ids.AccountOf(ctx, c); err != nil || a.ID != "222233334444" {
		t.Errorf("account of a signed request: %+v %v", a, err)
	}
	if _, err := ids.Account(ctx, "222233334444"); err != nil {
		t.Errorf("account not created on first signed use: %v", err)
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
	err = st.View(ctx, func(tx store.Tx) error {
		return tx.Scan("credentials", "", "", func(key string, value []byte) (bool, error) {
			if bytes.Contains(value, []byte(root.Secret)) {
				t.Errorf("credential %s stores a secret in clear", key)
			}
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ids.Lookup(ctx, root.AccessKeyID); err != nil || got.Secret != root.Secret {
		t.Errorf("root key read back = %+v, %v", got, err)
	}
}

// session issues the credentials of a role session.
func session(t *testing.T, ids *identity.Registry, expiration time.Time) *identity.Credential {
	t.Helper()
	sess := ids.NewTemporaryKey("111122223333", identity.KindSession, expiration)
	sess.Session.RoleName, sess.Session.SessionName = "r", "s"
	sess.Session.SessionPolicies = []string{`{"Version":"2012-10-17"}`}
	if err := ids.SealSession(sess); err != nil {
		t.Fatal(err)
	}
	return sess
}

// TestSessionsAreSealedNotStored: a session's token carries it, sealed;
// nothing is stored, the token shows no secret, and it opens for its own
// access key id only, untouched.
func TestSessionsAreSealedNotStored(t *testing.T) {
	ctx := context.Background()
	ids, st := open(t, false)
	if _, _, err := ids.CreateAccount(ctx, "111122223333"); err != nil {
		t.Fatal(err)
	}
	before := count(t, st, "credentials")
	sess := session(t, ids, time.Now().Add(-time.Minute)) // expired: still known
	other := session(t, ids, time.Now().Add(time.Hour))
	if n := count(t, st, "credentials"); n != before {
		t.Errorf("issuing sessions stored %d records", n-before)
	}
	if strings.Contains(sess.Session.SessionToken, sess.Secret) || strings.Contains(sess.Session.SessionToken, "Version") {
		t.Errorf("the token shows what it seals: %s", sess.Session.SessionToken)
	}
	got, err := ids.Resolve(ctx, sess.AccessKeyID, sess.Session.SessionToken)
	if err != nil || got.Secret != sess.Secret || got.Session.SessionToken != sess.Session.SessionToken ||
		!got.Session.Expiration.Equal(sess.Session.Expiration) || !got.Expired(time.Now()) ||
		len(got.Session.SessionPolicies) != 1 {
		t.Fatalf("session read back = %+v, %v", got, err)
	}
	if p := got.Principal(); p.ARN != "arn:aws:sts::111122223333:assumed-role/r/s" || p.IssuerARN != "arn:aws:iam::111122223333:role/r" {
		t.Errorf("principal = %+v", p)
	}
	token := sess.Session.SessionToken
	for name, tt := range map[string]struct{ key, token string }{
		"another session's key id": {other.AccessKeyID, token},
		"a changed token":          {sess.AccessKeyID, token[:len(token)-4] + "AAAA"},
		"no token":                 {sess.AccessKeyID, ""},
	} {
		if _, err := ids.Resolve(ctx, tt.key, tt.token); !errors.Is(err, identity.ErrUnknownKey) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestDeletedUsersSessionsEnd: the GetSessionToken credentials of a user
// stop resolving once the user is deleted.
func TestDeletedUsersSessionsEnd(t *testing.T) {
	ctx := context.Background()
	ids, st := open(t, false)
	sess := ids.NewTemporaryKey("111122223333", identity.KindUser, time.Now().Add(time.Hour))
	sess.UserName, sess.UserID = "u", "AIDAEXAMPLEUSER00001"
	if err := ids.SealSession(sess); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Resolve(ctx, sess.AccessKeyID, sess.Session.SessionToken); err != nil {
		t.Fatal(err)
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return ids.EndUserSessions(tx, sess.UserID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := ids.Resolve(ctx, sess.AccessKeyID, sess.Session.SessionToken); !errors.Is(err, identity.ErrUnknownKey) {
		t.Errorf("session of a deleted user: %v", err)
	}
}

func count(t *testing.T, st store.Store, table string) int {
	t.Helper()
	n := 0
	err := st.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(table, "", "", func(string, []byte) (bool, error) { n++; return true, nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
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
	if _, err := ids.FlushUses(ctx); err != nil {
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
