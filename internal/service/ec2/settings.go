package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// defaultEBSKey is the key encryption by default uses until the account
// chooses another.
const defaultEBSKey = "alias/aws/ebs"

func (s *Service) settings(ctx context.Context, region, account string) (*settings, error) {
	var st *settings
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		st, err = getSettings(tx, region, account)
		return err
	})
	return st, err
}

func getSettings(tx store.Tx, region, account string) (*settings, error) {
	st, ok, err := getOwned[settings](tx, settingsTable, region, account, "ebs")
	if err != nil || ok {
		return st, err
	}
	return &settings{}, nil
}

// changeSettings applies change to the caller's settings in its Region.
func (s *Service) changeSettings(ctx context.Context, req *authz.Request, change func(*settings)) (*settings, error) {
	var st *settings
	err := s.store.Update(ctx, func(tx store.Tx) error {
		var err error
		if st, err = getSettings(tx, req.Region, req.Principal.Account); err != nil {
			return err
		}
		change(st)
		return tx.Put(settingsTable, recordKey(req.Region, req.Principal.Account, "ebs"), mustJSON(st))
	})
	return st, err
}

// defaultKey is the key an account encrypts by default with.
func (st *settings) defaultKey() string {
	if st.DefaultKey == "" {
		return defaultEBSKey
	}
	return st.DefaultKey
}

// accountAction authorizes an action on no resource ("*").
func (s *Service) accountAction(ctx context.Context, action string, dry *bool) (*authz.Request, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, action, target{arn: "*"}); err != nil {
		return nil, err
	}
	return req, dryRun(dry)
}

// EnableEbsEncryptionByDefault turns encryption by default on in the
// caller's Region: every new volume, snapshot copy and image copy is
// encrypted, with the default key.
func (s *Service) EnableEbsEncryptionByDefault(ctx context.Context, in *ec2api.EnableEbsEncryptionByDefaultInput) (*ec2api.EnableEbsEncryptionByDefaultOutput, error) {
	req, err := s.accountAction(ctx, "ec2:EnableEbsEncryptionByDefault", in.DryRun)
	if err != nil {
		return nil, err
	}
	st, err := s.changeSettings(ctx, req, func(st *settings) { st.EncryptByDefault = true })
	if err != nil {
		return nil, err
	}
	return &ec2api.EnableEbsEncryptionByDefaultOutput{EbsEncryptionByDefault: new(st.EncryptByDefault)}, nil
}

// DisableEbsEncryptionByDefault turns encryption by default off.
func (s *Service) DisableEbsEncryptionByDefault(ctx context.Context, in *ec2api.DisableEbsEncryptionByDefaultInput) (*ec2api.DisableEbsEncryptionByDefaultOutput, error) {
	req, err := s.accountAction(ctx, "ec2:DisableEbsEncryptionByDefault", in.DryRun)
	if err != nil {
		return nil, err
	}
	st, err := s.changeSettings(ctx, req, func(st *settings) { st.EncryptByDefault = false })
	if err != nil {
		return nil, err
	}
	return &ec2api.DisableEbsEncryptionByDefaultOutput{EbsEncryptionByDefault: new(st.EncryptByDefault)}, nil
}

// GetEbsEncryptionByDefault tells whether encryption by default is on.
func (s *Service) GetEbsEncryptionByDefault(ctx context.Context, in *ec2api.GetEbsEncryptionByDefaultInput) (*ec2api.GetEbsEncryptionByDefaultOutput, error) {
	req, err := s.accountAction(ctx, "ec2:GetEbsEncryptionByDefault", in.DryRun)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, req.Region, req.Principal.Account)
	if err != nil {
		return nil, err
	}
	return &ec2api.GetEbsEncryptionByDefaultOutput{EbsEncryptionByDefault: new(st.EncryptByDefault),
		SseType: new(ec2api.SSETypeSseEbs)}, nil
}

// ModifyEbsDefaultKmsKeyId chooses the key encryption by default uses.
// AWS answers with the key's ARN; a key amity cannot resolve for the
// caller is kept as given, as AWS's "can appear to complete, but it
// eventually fails" [EC2 User Guide, EBSEncryption].
func (s *Service) ModifyEbsDefaultKmsKeyId(ctx context.Context, in *ec2api.ModifyEbsDefaultKmsKeyIdInput) (*ec2api.ModifyEbsDefaultKmsKeyIdOutput, error) {
	req, err := s.accountAction(ctx, "ec2:ModifyEbsDefaultKmsKeyId", in.DryRun)
	if err != nil {
		return nil, err
	}
	key := deref(in.KmsKeyId)
	if k, err := s.describeKey(ctx, req, key); err == nil {
		key = k.arn
	}
	if _, err := s.changeSettings(ctx, req, func(st *settings) { st.DefaultKey = key }); err != nil {
		return nil, err
	}
	return &ec2api.ModifyEbsDefaultKmsKeyIdOutput{KmsKeyId: &key}, nil
}

// GetEbsDefaultKmsKeyId names the key encryption by default uses.
func (s *Service) GetEbsDefaultKmsKeyId(ctx context.Context, in *ec2api.GetEbsDefaultKmsKeyIdInput) (*ec2api.GetEbsDefaultKmsKeyIdOutput, error) {
	req, err := s.accountAction(ctx, "ec2:GetEbsDefaultKmsKeyId", in.DryRun)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, req.Region, req.Principal.Account)
	if err != nil {
		return nil, err
	}
	return &ec2api.GetEbsDefaultKmsKeyIdOutput{KmsKeyId: new(st.defaultKey())}, nil
}

// ResetEbsDefaultKmsKeyId goes back to the AWS managed key.
func (s *Service) ResetEbsDefaultKmsKeyId(ctx context.Context, in *ec2api.ResetEbsDefaultKmsKeyIdInput) (*ec2api.ResetEbsDefaultKmsKeyIdOutput, error) {
	req, err := s.accountAction(ctx, "ec2:ResetEbsDefaultKmsKeyId", in.DryRun)
	if err != nil {
		return nil, err
	}
	if _, err := s.changeSettings(ctx, req, func(st *settings) { st.DefaultKey = "" }); err != nil {
		return nil, err
	}
	return &ec2api.ResetEbsDefaultKmsKeyIdOutput{KmsKeyId: new(defaultEBSKey)}, nil
}
