package kms

import "github.com/amityhq/amity/internal/api/kmsapi"

// The errors of multi-Region keys.

// notMultiRegion: an operation of multi-Region keys on a single-Region
// key. UNVERIFIED text; the code is the model's.
func notMultiRegion(arn, operation string) error {
	return kmsapi.UnsupportedOperationException(arn + " is not a multi-Region key, which " + operation + " requires.")
}

// notPrimary: an operation of multi-Region primary keys on a replica.
// UNVERIFIED text; the code is the model's.
func notPrimary(arn, operation string) error {
	return kmsapi.UnsupportedOperationException(arn + " is a multi-Region replica key: call " + operation + " on its primary key.")
}

// replicaExists: ReplicateKey into a Region the key is in already.
// UNVERIFIED text; the code is the model's.
func replicaExists(id, region string) error {
	return kmsapi.AlreadyExistsException("Multi-Region key " + id + " already has a key in " + region + ".")
}

// unknownRegion: ReplicateKey to a Region that does not exist. UNVERIFIED
// text.
func unknownRegion(region string) error {
	return validation("The Region " + region + " is not a valid AWS Region.")
}

// pendingReplicaDeletion: a primary key waiting for its replicas'
// deletion. UNVERIFIED text, after "… is pending deletion.".
func pendingReplicaDeletion(arn string) error {
	return kmsapi.KMSInvalidStateException(arn + " is pending replica deletion.")
}
