package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// StartBuildForTest stores im as a PENDING image of account in region and
// starts its build, for the engine's tests.
func (s *Service) StartBuildForTest(ctx context.Context, req *authz.Request, im *imagebuilderapi.Image) error {
	rec := &imageRecord{Image: *im, Account: req.Principal.Account, Region: req.Region, Requester: req.Principal.ARN}
	rec.State = &imagebuilderapi.ImageState{Status: new(statusPending)}
	if err := s.store.Update(ctx, func(tx store.Tx) error { return put(tx, imagesTable, deref(im.Arn), rec) }); err != nil {
		return err
	}
	return s.startBuild(ctx, req, rec)
}

// ImageForTest reads an image as stored.
func (s *Service) ImageForTest(ctx context.Context, arn string) (*imagebuilderapi.Image, error) {
	rec, _, err := view[imageRecord](ctx, s.store, imagesTable, arn)
	if err != nil || rec == nil {
		return nil, err
	}
	return &rec.Image, nil
}

// WaitForTest waits for the builds running in this process to end: a
// test that started one knows its end without polling GetImage.
func (s *Service) WaitForTest() { s.jobs.wg.Wait() }

// SaveBuildingForTest writes im as its build would (saveBuilding).
func (s *Service) SaveBuildingForTest(ctx context.Context, im *imagebuilderapi.Image) error {
	return s.saveBuilding(ctx, &imageRecord{Image: *im})
}
