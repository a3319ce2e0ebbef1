package identity

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// ServiceCredential is an IAM user's service-specific credential: a user
// name and password for one AWS service (CodeCommit's Git over HTTPS,
// Keyspaces), or an API key (Bedrock, CloudWatch Logs): a public alias
// and a secret. Secret, the password or the key's secret part, is sealed
// at rest and never logged.
type ServiceCredential struct {
	ID       string `json:"id"`
	Account  string `json:"account"`
	UserName string `json:"userName"`
	Service  string `json:"service"` // codecommit.amazonaws.com, ...
	// ServiceUserName is the user name to give the service with the
	// password; Alias is an API key's public part. One of them is set.
	ServiceUserName string     `json:"serviceUserName,omitempty"`
	Alias           string     `json:"alias,omitempty"`
	Secret          string     `json:"-"`
	Status          string     `json:"status"`
	Created         time.Time  `json:"created"`
	Expires         *time.Time `json:"expires,omitempty"`
}

// ErrNoSuchServiceCredential: no credential of that id for that user.
var ErrNoSuchServiceCredential = errors.New("identity: no such service-specific credential")

// serviceCredentialsTable keeps service-specific credentials under
// ACCOUNT/USER/ID, so that a user's are read together.
const serviceCredentialsTable = "credentials.service-specific"

func serviceCredentialKey(account, user, id string) string { return account + "/" + user + "/" + id }

// serviceCredentialRecord is a ServiceCredential as stored: the secret
// sealed, bound to the credential's id.
type serviceCredentialRecord struct {
	ServiceCredential
	SealedSecret []byte `json:"sealedSecret"`
}

// NewServiceCredentialID returns a new credential id: ACCA and 17
// characters, as AWS's unique ids.
func (r *Registry) NewServiceCredentialID() string { return r.UniqueID(PrefixServiceCredential) }

// NewServiceSecret returns a new random secret: 44 random bytes in
// base64, sixty characters ending in "=" as AWS's service passwords do
// [LocalStack's IAM provider, written against its recorded snapshots:
// "60 letter password ending in `=`"].
func (r *Registry) NewServiceSecret() string { return base64.StdEncoding.EncodeToString(r.random(44)) }

// PutServiceCredential stores c inside a transaction, its secret sealed.
func (r *Registry) PutServiceCredential(tx store.Tx, c *ServiceCredential) error {
	rec := serviceCredentialRecord{ServiceCredential: *c, SealedSecret: r.sealer.Seal([]byte(c.Secret), []byte(c.ID))}
	raw, err := json.Marshal(&rec)
	if err != nil {
		return err
	}
	return tx.Put(serviceCredentialsTable, serviceCredentialKey(c.Account, c.UserName, c.ID), raw)
}

// GetServiceCredential reads a user's credential inside a transaction,
// its secret opened (ErrNoSuchServiceCredential).
func (r *Registry) GetServiceCredential(tx store.Tx, account, user, id string) (*ServiceCredential, error) {
	raw, err := tx.Get(serviceCredentialsTable, serviceCredentialKey(account, user, id))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, ErrNoSuchServiceCredential
	}
	if err != nil {
		return nil, err
	}
	return r.openServiceCredential(raw)
}

// UserServiceCredentials returns a user's credentials, by id.
func (r *Registry) UserServiceCredentials(tx store.Tx, account, user string) ([]*ServiceCredential, error) {
	return r.serviceCredentials(tx, serviceCredentialKey(account, user, ""))
}

// AccountServiceCredentials returns the credentials of every user of an
// account, by user and id.
func (r *Registry) AccountServiceCredentials(tx store.Tx, account string) ([]*ServiceCredential, error) {
	return r.serviceCredentials(tx, account+"/")
}

func (r *Registry) serviceCredentials(tx store.Tx, prefix string) ([]*ServiceCredential, error) {
	var out []*ServiceCredential
	err := tx.Scan(serviceCredentialsTable, prefix, "", func(_ string, raw []byte) (bool, error) {
		c, err := r.openServiceCredential(raw)
		if err != nil {
			return false, err
		}
		out = append(out, c)
		return true, nil
	})
	return out, err
}

// DeleteServiceCredential removes c inside a transaction.
func (r *Registry) DeleteServiceCredential(tx store.Tx, c *ServiceCredential) error {
	return tx.Delete(serviceCredentialsTable, serviceCredentialKey(c.Account, c.UserName, c.ID))
}

func (r *Registry) openServiceCredential(raw []byte) (*ServiceCredential, error) {
	var rec serviceCredentialRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("identity: service-specific credential: %w", err)
	}
	secret, err := r.sealer.Open(rec.SealedSecret, []byte(rec.ID))
	if err != nil {
		return nil, fmt.Errorf("identity: service-specific credential %s: %w", rec.ID, err)
	}
	c := rec.ServiceCredential
	c.Secret = string(secret)
	return &c, nil
}
