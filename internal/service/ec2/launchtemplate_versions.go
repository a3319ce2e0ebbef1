package ec2

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// CreateLaunchTemplateVersion adds a version: LaunchTemplateData as given,
// over SourceVersion's when one is named.
func (s *Service) CreateLaunchTemplateVersion(ctx context.Context, in *ec2api.CreateLaunchTemplateVersionInput) (*ec2api.CreateLaunchTemplateVersionOutput, error) {
	req := authz.FromContext(ctx)
	var added templateVersion
	t, err := s.changeTemplate(ctx, "ec2:CreateLaunchTemplateVersion", deref(in.LaunchTemplateId), deref(in.LaunchTemplateName), in.DryRun, nil,
		func(t *templateRecord) (bool, error) {
			data := keptData(in.LaunchTemplateData)
			if in.SourceVersion != nil {
				src, err := t.version(*in.SourceVersion)
				if err != nil {
					return false, err
				}
				data = overlay(src.Data, data)
			}
			added = templateVersion{Number: t.latest().Number + 1, Description: deref(in.VersionDescription),
				Created: s.now().UTC(), CreatedBy: req.Principal.ARN, Data: data}
			t.Versions = append(t.Versions, added)
			return true, nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.CreateLaunchTemplateVersionOutput{LaunchTemplateVersion: new(t.versionOut(&added))}, nil
}

// DescribeLaunchTemplateVersions describes versions of one template —
// those Versions names (numbers, $Latest, $Default), or all within
// MinVersion and MaxVersion — or, with no template named, the $Latest or
// $Default versions of all the caller's templates; newest first,
// filtered and paginated.
func (s *Service) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2api.DescribeLaunchTemplateVersionsInput) (*ec2api.DescribeLaunchTemplateVersionsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeLaunchTemplateVersions", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, versionFields(&templateRecord{}, &templateVersion{Data: []byte("{}")}))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	id, name := deref(in.LaunchTemplateId), deref(in.LaunchTemplateName)
	var templates []*templateRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		if id == "" && name == "" {
			return scanOwned(tx, templatesTable, req.Region, req.Principal.Account, func(t *templateRecord) (bool, error) {
				templates = append(templates, t)
				return true, nil
			})
		}
		t, err := findTemplate(tx, req.Region, req.Principal.Account, id, name, templatesNotFound())
		templates = append(templates, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	type item struct {
		t *templateRecord
		v *templateVersion
	}
	var kept []item
	for _, t := range templates {
		versions, err := selectVersions(t, in.Versions, deref(in.MinVersion), deref(in.MaxVersion), id == "" && name == "")
		if err != nil {
			return nil, err
		}
		for _, v := range versions {
			if matches(filters, versionFields(t, v), nil) {
				kept = append(kept, item{t, v})
			}
		}
	}
	// Newest first within a template: the position counts down.
	page, next := cut(kept, l, func(it item) string { return fmt.Sprintf("%s/%019d", it.t.ID, math.MaxInt64-it.v.Number) })
	out := &ec2api.DescribeLaunchTemplateVersionsOutput{LaunchTemplateVersions: make([]ec2api.LaunchTemplateVersion, 0, len(page)), NextToken: next}
	for _, it := range page {
		out.LaunchTemplateVersions = append(out.LaunchTemplateVersions, it.t.versionOut(it.v))
	}
	return out, nil
}

// selectVersions returns a template's versions a request names, newest
// first. Across all templates only $Latest and $Default may be named.
func selectVersions(t *templateRecord, names []string, minV, maxV string, allTemplates bool) ([]*templateVersion, error) {
	var out []*templateVersion
	if len(names) > 0 {
		for _, n := range names {
			if allTemplates && n != latestVersion && n != defaultVersion {
				return nil, missingParameter("launchTemplateId or launchTemplateName") // UNVERIFIED text
			}
			v, err := t.version(n)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	} else {
		if allTemplates {
			return nil, missingParameter("launchTemplateId or launchTemplateName") // UNVERIFIED text
		}
		lo, hi := parseVersionBound(minV, 0), parseVersionBound(maxV, math.MaxInt64)
		for i := range t.Versions {
			if n := t.Versions[i].Number; n >= lo && n <= hi {
				out = append(out, &t.Versions[i])
			}
		}
	}
	slices.SortFunc(out, func(a, b *templateVersion) int { return int(b.Number - a.Number) })
	return out, nil
}

func parseVersionBound(s string, fallback int64) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	return fallback
}

// versionFields are DescribeLaunchTemplateVersions' filters, on the
// version's data.
func versionFields(t *templateRecord, v *templateVersion) fields {
	return func(name string) ([]string, bool) {
		d := responseData(v.Data)
		switch name {
		case "create-time":
			return one(v.Created.Format(timeFormat)), true
		case "is-default-version":
			return boolField(v.Number == t.Default), true
		case "image-id":
			return one(deref(d.ImageId)), true
		case "instance-type":
			return one(deref(d.InstanceType)), true
		case "kernel-id":
			return one(deref(d.KernelId)), true
		case "ram-disk-id":
			return one(deref(d.RamDiskId)), true
		case "ebs-optimized":
			if d.EbsOptimized == nil {
				return nil, true
			}
			return boolField(*d.EbsOptimized), true
		case "iam-instance-profile":
			if p := d.IamInstanceProfile; p != nil {
				return append(one(deref(p.Arn)), one(deref(p.Name))...), true
			}
			return nil, true
		}
		return nil, false
	}
}
