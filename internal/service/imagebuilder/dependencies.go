package imagebuilder

import (
	"context"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// refersTo reports whether ref — an ARN as a pipeline or an image holds
// it, possibly a version pattern — names the resource arn.
func refersTo(ref, arn string) bool {
	if ref == arn {
		return true
	}
	_, _, kind, _, _ := splitARN(arn)
	r, okRef := parseVersionedARN(ref, kind)
	a, okARN := parseVersionedARN(arn, kind)
	return okRef && okARN && r.base() == a.base() && r.build == 0 && r.version.matches(a.version)
}

// pipelineUses reports whether one of the caller's pipelines in its
// Region refers (through field) to arn.
func pipelineUses(tx store.Tx, req *authz.Request, field func(*pipelineRecord) string, arn string) (bool, error) {
	used := false
	err := scan(tx, pipelinesTable, arnPrefix(req.Region, req.Principal.Account, "image-pipeline"), func(_ string, p *pipelineRecord) (bool, error) {
		used = refersTo(field(p), arn)
		return !used, nil
	})
	return used, err
}

// buildUses reports whether one of the caller's builds still in progress
// was made from (field) arn.
func buildUses(tx store.Tx, req *authz.Request, field func(*imageRecord) string, arn string) (bool, error) {
	used := false
	err := scan(tx, imagesTable, arnPrefix(req.Region, req.Principal.Account, "image"), func(_ string, im *imageRecord) (bool, error) {
		used = !im.done() && field(im) == arn
		return !used, nil
	})
	return used, err
}

// The configurations an image was made from, by their ARNs ("" when it
// has none).

func recipeOf(im *imageRecord) string {
	if im.ImageRecipe == nil {
		return ""
	}
	return deref(im.ImageRecipe.Arn)
}

func infrastructureOf(im *imageRecord) string {
	if im.InfrastructureConfiguration == nil {
		return ""
	}
	return deref(im.InfrastructureConfiguration.Arn)
}

func distributionOf(im *imageRecord) string {
	if im.DistributionConfiguration == nil {
		return ""
	}
	return deref(im.DistributionConfiguration.Arn)
}

// deleteUnused deletes the record arn of table unless used says that
// something depends on it, which is refused (ResourceDependencyException).
func (s *Service) deleteUnused(ctx context.Context, table, arn string, used func(store.Tx) (bool, error)) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		u, err := used(tx)
		if err != nil {
			return err
		}
		if u {
			return hasDependents(arn)
		}
		return tx.Delete(table, arn)
	})
}
