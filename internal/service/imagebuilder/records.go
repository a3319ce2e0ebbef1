package imagebuilder

import (
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
)

// Image statuses, as ImageState names them: a build moves through them in
// this order, ending AVAILABLE or FAILED (or CANCELLED).
const (
	statusPending      = imagebuilderapi.ImageStatusPending
	statusCreating     = imagebuilderapi.ImageStatusCreating
	statusBuilding     = imagebuilderapi.ImageStatusBuilding
	statusTesting      = imagebuilderapi.ImageStatusTesting
	statusDistributing = imagebuilderapi.ImageStatusDistributing
	statusIntegrating  = imagebuilderapi.ImageStatusIntegrating
	statusAvailable    = imagebuilderapi.ImageStatusAvailable
	statusFailed       = imagebuilderapi.ImageStatusFailed
	statusCancelled    = imagebuilderapi.ImageStatusCancelled
)

// imageRecord is an image (a build) as stored: the answer GetImage gives —
// with copies of the recipe, infrastructure and distribution
// configurations it was built from — and what the build needs besides.
type imageRecord struct {
	imagebuilderapi.Image
	Account string `json:"account"`
	Region  string `json:"region"`
	// Requester is the principal whose CreateImage or pipeline execution
	// started the build, for the record.
	Requester string `json:"requester"`
}

// done reports whether the build has ended.
func (im *imageRecord) done() bool {
	switch status(im) {
	case statusAvailable, statusFailed, statusCancelled, imagebuilderapi.ImageStatusDeprecated, imagebuilderapi.ImageStatusDeleted:
		return true
	}
	return false
}

func status(im *imageRecord) string {
	if im.State == nil || im.State.Status == nil {
		return ""
	}
	return *im.State.Status
}
