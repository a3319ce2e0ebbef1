package ec2

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/amityhq/amity/internal/authz"
)

// launchFailure is why an instance could not start: the StateReason it
// shows once stopped or terminated.
type launchFailure struct {
	code, message string
}

// failureOf turns KMS's refusal into the StateReason AWS shows: a key in
// a state that cannot be used gives Client.InvalidKMSKey.InvalidState, a
// permission refused Client.InternalError [AWS_TEXTS.md §6h].
func failureOf(err error) *launchFailure {
	if keyStateFailure(err) {
		return &launchFailure{invalidKMSKeyCode, invalidKMSKeyMessage}
	}
	return &launchFailure{launchErrorCode, launchErrorMessage}
}

// boot is what EC2 does to start an instance on its volumes: for each
// encrypted volume it creates, on the caller's behalf, a grant for the
// instance's EBS session, and that session decrypts the volume's data key;
// then the volume's bytes are read — sealed at this first use if they
// came unsealed from an unencrypted source. It returns the grants made,
// and the failure that stops the launch (nil when the instance runs).
// Volumes it sealed are changed in place, for the caller to store.
func (s *Service) boot(ctx context.Context, req *authz.Request, inst *instanceRecord, vols []*volumeRecord) ([]grantRef, *launchFailure, error) {
	session := s.infraSession(inst.Account, inst.Region, inst.ID)
	var grants []grantRef
	for _, v := range vols {
		if !v.Encrypted {
			continue
		}
		if v.DataKey == nil { // its key was refused when it was made
			return grants, &launchFailure{launchErrorCode, launchErrorMessage}, nil
		}
		id, err := s.grantFor(ctx, req, v.KeyARN, inst.ID, v.ID)
		if err != nil {
			if _, ok := awsError(err); !ok {
				return grants, nil, err
			}
			return grants, failureOf(err), nil
		}
		grants = append(grants, grantRef{KeyARN: v.KeyARN, GrantID: id})
		key, err := s.openDataKey(ctx, session, &v.encryption)
		if err != nil {
			if _, ok := awsError(err); !ok {
				return grants, nil, err
			}
			return grants, failureOf(err), nil
		}
		err = s.readVolume(v, key)
		clear(key)
		if err != nil {
			return grants, &launchFailure{launchErrorCode, launchErrorMessage}, nil
		}
	}
	return grants, nil, nil
}

// readVolume reads an encrypted volume's bytes with its data key: sealing
// them first when they are still plain, and checking that a boot manifest
// reads as one.
func (s *Service) readVolume(v *volumeRecord, key []byte) error {
	c := &v.Content
	if len(c.Plain) > 0 {
		sealed, err := seal(s.rand, key, v.ID, c.Plain)
		if err != nil {
			return err
		}
		c.Sealed, c.Plain, c.Origin = sealed, nil, v.ID
	}
	if len(c.Sealed) == 0 {
		return nil // an empty volume
	}
	pt, err := unseal(key, c.Origin, c.Sealed)
	if err != nil {
		return err
	}
	var m manifest
	if json.Unmarshal(pt, &m) == nil && m.Kind == manifestKind {
		return nil
	}
	return errors.New("ec2: the volume holds no boot manifest")
}

// retireGrants retires the grants EC2 made for an instance; a grant
// already gone is no failure.
func (s *Service) retireGrants(ctx context.Context, region string, grants []grantRef) {
	for _, g := range grants {
		if err := s.retireGrant(ctx, region, g); err != nil {
			s.log.Warn("retiring an instance's grant", "grant", g.GrantID, "key", g.KeyARN, "error", err)
		}
	}
}
