package sts

import (
	"errors"
	"fmt"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/policy"
)

// malformedPolicy turns a refused session policy into STS's error.
func malformedPolicy(err error) error {
	var verr *policy.ValidationError
	if errors.As(err, &verr) {
		return stsapi.MalformedPolicyDocumentException(verr.Message)
	}
	return err
}

// stsPackedPolicyTooLarge is the refusal of session policies too large for
// a session. (UNVERIFIED text: AWS reports the percentage it reached.)
func stsPackedPolicyTooLarge(percent int32) error {
	return stsapi.PackedPolicyTooLargeException(fmt.Sprintf("Packed size of consumed provided policies exceeds 100%% (%d%%).", percent))
}
