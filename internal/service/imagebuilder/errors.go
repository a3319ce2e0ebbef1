package imagebuilder

import (
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
)

// Image Builder's error texts, each with its source. Texts no capture
// confirms are marked UNVERIFIED.

// The kinds of resource Image Builder names in its errors. 'Component'
// and 'Image' are in captured answers (notFound); 'ImageRecipe' in a
// captured ResourceAlreadyExistsException (alreadyExists); the others
// follow the same naming, the API's shape names (UNVERIFIED).
const (
	kindComponent      = "Component"
	kindImage          = "Image"
	kindRecipe         = "ImageRecipe"
	kindInfrastructure = "InfrastructureConfiguration"
	kindDistribution   = "DistributionConfiguration"
	kindPipeline       = "ImagePipeline"
)

// notFound: a resource that does not exist, or that the caller cannot
// see (another account's) [terraform log, 2024, CreateImageRecipe with a
// missing parent image: "ResourceNotFoundException: The following
// required resource 'Image' cannot be found:
// 'arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/2023.3.20240624'."
// (HTTP 404); the user guide's troubleshooting page, "The following
// required resource 'Component' cannot be found:
// 'arn:aws:imagebuilder:us-west-2:…:component/asdf/x.x.x'."].
func notFound(kind, arn string) error {
	return imagebuilderapi.ResourceNotFoundException("The following required resource '" + kind + "' cannot be found: '" + arn + "'.")
}

// alreadyExists: a name (and version) taken [terraform log, 2023:
// "ResourceAlreadyExistsException: The following resource 'ImageRecipe'
// already exists: 'arn:aws:imagebuilder:eu-west-2:…:image-recipe/base-windows-server-2012/0.0.2'."].
func alreadyExists(kind, arn string) error {
	return imagebuilderapi.ResourceAlreadyExistsException("The following resource '" + kind + "' already exists: '" + arn + "'.")
}

// hasDependents: deleting a resource that others use [pulumi#6919 (a
// component, 2021), terraform-provider-aws#40128 (a recipe a pipeline
// uses, 2024), a 2025 terraform log (an infrastructure configuration):
// "ResourceDependencyException: Resource dependency error: The resource
// ARN 'arn:…' has other resources depended on it."].
func hasDependents(arn string) error {
	return imagebuilderapi.ResourceDependencyException("Resource dependency error: The resource ARN '" + arn + "' has other resources depended on it.")
}

// invalidParameter: a value Image Builder refuses after the model's
// checks, with its reason [terraform-provider-aws#17390, 2021: "The
// value supplied for parameter 'distributions[0]' is not valid. One or
// more outputs should be provided for each region in a distribution
// configuration."; the user guide's troubleshooting page: "The value
// supplied for parameter 'data' is not valid. Invalid step name 'Install
// PowerShell' in phase 'build'. …"]. Parameters are named as AWS names
// them, list elements 0-based in brackets
// ("distributions[0].amiDistributionConfiguration.targetAccountIds", a
// 2026 capture). Each caller's reason says whether it is verified.
func invalidParameter(parameter, reason string) error {
	msg := "The value supplied for parameter '" + parameter + "' is not valid."
	if reason != "" {
		msg += " " + reason
	}
	return imagebuilderapi.InvalidParameterValueException(msg)
}

// resourceInUse: an operation the resource's state does not allow, such
// as cancelling a build that has ended. UNVERIFIED text.
func resourceInUse(arn, status string) error {
	return imagebuilderapi.ResourceInUseException("The resource '" + arn + "' cannot be modified in its current state: " + status + ".")
}

// invalidToken: a nextToken amity did not write. UNVERIFIED text.
func invalidToken() error {
	return imagebuilderapi.InvalidPaginationTokenException("The pagination token provided is not valid.")
}

// tokenReused: a clientToken already used by a request with other
// parameters. UNVERIFIED text.
func tokenReused(token string) error {
	return imagebuilderapi.IdempotentParameterMismatchException("The client token '" + token + "' was already used by a request with different parameters.")
}
