package ec2

import (
	"fmt"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/awserr"
)

// EC2's error texts, each with its source. Texts no capture confirms are
// marked UNVERIFIED.

// notFound: an id of a kind that does not exist for the caller. AWS words
// each kind its own way [captures in public issue trackers and CLI logs:
// "The volume 'vol-…' does not exist." (aws-ebs-csi-driver#1343), "The
// snapshot 'snap-…' does not exist." (terraform logs), "The image id
// '[ami-…]' does not exist" (terraform-up-and-running-code#65), "The
// instance ID 'i-…' does not exist" (many boto logs)].
func volumeNotFound(ids ...string) error {
	return ec2api.InvalidVolumeNotFound("The volume '" + strings.Join(ids, "', '") + "' does not exist.")
}

func snapshotNotFound(ids ...string) error {
	return ec2api.InvalidSnapshotNotFound("The snapshot '" + strings.Join(ids, "', '") + "' does not exist.")
}

func imageNotFound(ids ...string) error {
	return ec2api.InvalidAMIIDNotFound("The image id '[" + strings.Join(ids, ", ") + "]' does not exist")
}

// instanceNotFound names one id, or several ("The instance IDs 'i-1, i-2'
// do not exist").
func instanceNotFound(ids ...string) error {
	if len(ids) == 1 {
		return ec2api.InvalidInstanceIDNotFound("The instance ID '" + ids[0] + "' does not exist")
	}
	return ec2api.InvalidInstanceIDNotFound("The instance IDs '" + strings.Join(ids, ", ") + "' do not exist")
}

// malformed: an id that is not of its kind's form [boto logs:
// 'Invalid id: "i-123"', 'Invalid id: "vol-x" (expecting "vol-...")'].
func malformed(kind, id string) error {
	switch kind {
	case "vol":
		return ec2api.InvalidVolumeIDMalformed(fmt.Sprintf("Invalid id: %q (expecting %q)", id, "vol-..."))
	case "snap":
		return ec2api.InvalidSnapshotIDMalformed(fmt.Sprintf("Invalid id: %q (expecting %q)", id, "snap-..."))
	case "ami":
		return ec2api.InvalidAMIIDMalformed(fmt.Sprintf("Invalid id: %q (expecting %q)", id, "ami-..."))
	case "i":
		return ec2api.InvalidInstanceIDMalformed(fmt.Sprintf("Invalid id: %q", id))
	}
	return ec2api.InvalidID(fmt.Sprintf("The ID '%s' is not valid", id))
}

// invalidValue: a parameter's value EC2 refuses [the API reference's
// InvalidParameterValue; the wording "Value (X) for parameter Y is
// invalid." appears throughout boto and terraform logs].
func invalidValue(value, parameter, why string) error {
	msg := "Value (" + value + ") for parameter " + parameter + " is invalid."
	if why != "" {
		msg += " " + why
	}
	return ec2api.InvalidParameterValue(msg)
}

func missingParameter(name string) error {
	return ec2api.MissingParameter("The request must contain the parameter " + name)
}

// sharedDefaultKey: createVolumePermission for another account on a
// snapshot under the AWS managed key [AWS_TEXTS.md §1a].
func sharedDefaultKey() error {
	return ec2api.OperationNotPermitted("Encrypted snapshots with EBS default key cannot be shared")
}

// sharedManagedKeyImage: launchPermission for another account on an image
// with a snapshot under the AWS managed key [AWS_TEXTS.md §1b; the
// apostrophe is ASCII as API logs since 2022 show it].
func sharedManagedKeyImage() error {
	return ec2api.InvalidParameter("Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.")
}

// encryptedToAll: sharing an encrypted snapshot publicly. UNVERIFIED text.
func encryptedToAll() error {
	return ec2api.OperationNotPermitted("Encrypted snapshots cannot be shared publicly")
}

// unencryptedCopy: CopyImage or CopySnapshot asking for an unencrypted
// copy of an encrypted snapshot [AWS_TEXTS.md §2].
func unencryptedCopy(snapshot string) error {
	return ec2api.InvalidRequest("Snapshot " + snapshot + " is encrypted. Creating an unencrypted copy from an encrypted snapshot is not supported.")
}

// keyNotAccessible is a snapshot copy's StateMessage when the caller may
// not use a key [AWS_TEXTS.md §2].
const keyNotAccessible = "Given key ID is not accessible"

// copyImageFailed is a failed image copy's StateReason [AWS_TEXTS.md §2;
// the code is UNVERIFIED].
const (
	copyImageFailedCode    = "Client.InternalError"
	copyImageFailedMessage = "Copy image failed with an internal error"
)

// Launch failures' StateReason [AWS_TEXTS.md §6h].
const (
	launchErrorCode      = "Client.InternalError"
	launchErrorMessage   = "Client.InternalError: Client error on launch"
	invalidKMSKeyCode    = "Client.InvalidKMSKey.InvalidState"
	invalidKMSKeyMessage = "Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state"
)

// incorrectInstanceState: an instance not in a state the action needs
// [boto logs: "The instance 'i-…' is not in a state from which it can be
// started."].
func incorrectInstanceState(id, action string) error {
	return ec2api.IncorrectInstanceState("The instance '" + id + "' is not in a state from which it can be " + action + ".")
}

// volumeInUse: a volume attached elsewhere, or deleted while attached
// [boto logs: "vol-… is already attached to an instance", "Volume vol-…
// is currently attached to i-…"].
func volumeAttached(id string) error {
	return ec2api.VolumeInUse(id + " is already attached to an instance")
}

func volumeInUseBy(id, instance string) error {
	return ec2api.VolumeInUse("Volume " + id + " is currently attached to " + instance)
}

// incorrectVolumeState: an action on a volume in the wrong state.
// UNVERIFIED text.
func incorrectVolumeState(id, state string) error {
	return ec2api.IncorrectState("The volume '" + id + "' is not in a valid state for this operation: " + state + ".")
}

// zoneMismatch: attaching a volume to an instance in another zone
// [boto logs].
func zoneMismatch(volume, instance string) error {
	return ec2api.InvalidVolumeZoneMismatch("The volume '" + volume + "' is not in the same availability zone as instance '" + instance + "'")
}

// snapshotInUse: deleting a snapshot an image uses [boto logs: "The
// snapshot snap-… is currently in use by ami-…"].
func snapshotInUse(snapshot, image string) error {
	return ec2api.InvalidSnapshotInUse("The snapshot " + snapshot + " is currently in use by " + image)
}

// zoneNotFound: an Availability Zone the Region does not have
// [boto logs: "Value (us-east-1z) for parameter availabilityZone is
// invalid. Subnets can currently only be created in the following
// availability zones: …" is CreateSubnet's; CreateVolume's is
// UNVERIFIED].
func zoneNotFound(zone string) error {
	return ec2api.InvalidZoneNotFound("The zone '" + zone + "' does not exist.")
}

// imageNameTaken: an image name the account uses in the Region
// [boto logs: "AMI name x is already in use by AMI ami-…"].
func imageNameTaken(name, image string) error {
	return ec2api.InvalidAMINameDuplicate("AMI name " + name + " is already in use by AMI " + image)
}

// invalidUser: a user id in a permission that is not an account id.
// UNVERIFIED text.
func invalidUser(id string) error {
	return ec2api.InvalidUserIDMalformed("User ID '" + id + "' is invalid")
}

// invalidNextToken: a NextToken amity did not write. UNVERIFIED text.
func invalidNextToken() error {
	return ec2api.InvalidNextToken("The token is invalid")
}

// invalidFilter: a filter name the operation does not know [boto logs:
// "The filter 'x' is invalid"].
func invalidFilter(name string) error {
	return ec2api.InvalidParameterValue("The filter '" + name + "' is invalid")
}

// awsError returns err as an AWS error when it is one: a refusal by
// another service, which EC2 turns into its own failure.
func awsError(err error) (*awserr.Error, bool) { return awserr.As(err) }

// timeFormat is how filters compare timestamps.
const timeFormat = "2006-01-02T15:04:05.000Z"
