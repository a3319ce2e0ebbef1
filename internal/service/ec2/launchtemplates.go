package ec2

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Version aliases of a LaunchTemplateSpecification.
const (
	latestVersion  = "$Latest"
	defaultVersion = "$Default"
)

func (t *templateRecord) arn() string { return arn(t.Region, t.Account, "launch-template", t.ID) }

func (t *templateRecord) latest() *templateVersion { return &t.Versions[len(t.Versions)-1] }

// version resolves a version number, $Latest or $Default ("" is the
// default version).
func (t *templateRecord) version(v string) (*templateVersion, error) {
	switch v {
	case "", defaultVersion:
		v = strconv.FormatInt(t.Default, 10)
	case latestVersion:
		return t.latest(), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if i := slices.IndexFunc(t.Versions, func(tv templateVersion) bool { return tv.Number == n }); err == nil && i >= 0 {
		return &t.Versions[i], nil
	}
	return nil, templateVersionNotFound(t.ID, v)
}

// out is a template as answers describe it.
func (t *templateRecord) out() *ec2api.LaunchTemplate {
	return &ec2api.LaunchTemplate{LaunchTemplateId: new(t.ID), LaunchTemplateName: new(t.Name), CreateTime: new(t.Created),
		CreatedBy: new(t.CreatedBy), DefaultVersionNumber: new(t.Default), LatestVersionNumber: new(t.latest().Number),
		Tags: apiTags(t.Tags)}
}

// versionOut is one of its versions as answers describe it.
func (t *templateRecord) versionOut(v *templateVersion) ec2api.LaunchTemplateVersion {
	return ec2api.LaunchTemplateVersion{LaunchTemplateId: new(t.ID), LaunchTemplateName: new(t.Name),
		VersionNumber: new(v.Number), VersionDescription: optString(v.Description), CreateTime: new(v.Created),
		CreatedBy: new(v.CreatedBy), DefaultVersion: new(v.Number == t.Default), LaunchTemplateData: responseData(v.Data)}
}

// findTemplate reads one of account's templates by id, else by name;
// missing answers what the operation answers for one that does not exist
// (nil: the id's and the name's own texts).
func findTemplate(tx store.Tx, region, account, id, name string, missing error) (*templateRecord, error) {
	if id != "" {
		if !hasPrefix(id, "lt") {
			return nil, templateIDMalformed(id)
		}
		t, ok, err := getOwned[templateRecord](tx, templatesTable, region, account, id)
		if err == nil && !ok {
			err = orElse(missing, templateIDNotFound(id))
		}
		return t, err
	}
	if name == "" {
		return nil, missingParameter("launchTemplateId or launchTemplateName")
	}
	found, err := templateNamed(tx, region, account, name)
	if err == nil && found == nil {
		err = orElse(missing, templateNameNotFound(name))
	}
	return found, err
}

// orElse is err, or fallback when err is nil.
func orElse(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

func templateNamed(tx store.Tx, region, account, name string) (*templateRecord, error) {
	var found *templateRecord
	err := scanOwned(tx, templatesTable, region, account, func(t *templateRecord) (bool, error) {
		if t.Name == name {
			found = t
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// changeTemplate finds the template a request names, authorizes action
// on it, answers DryRun, and applies change to it (nil change: read it
// only; a change returning false deletes it).
func (s *Service) changeTemplate(ctx context.Context, action, id, name string, dry *bool, missing error,
	change func(*templateRecord) (bool, error)) (*templateRecord, error) {
	req := authz.FromContext(ctx)
	var t *templateRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		t, err = findTemplate(tx, req.Region, req.Principal.Account, id, name, missing)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, action, target{arn: t.arn(), conditions: resourceTags(nil, t.Tags)}); err != nil {
		return nil, err
	}
	if err := dryRun(dry); err != nil || change == nil {
		return t, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		cur, ok, err := getOwned[templateRecord](tx, templatesTable, req.Region, req.Principal.Account, t.ID)
		if err != nil {
			return err
		}
		if !ok {
			return templateIDNotFound(t.ID)
		}
		keep, err := change(cur)
		if err != nil {
			return err
		}
		t = cur
		if !keep {
			return deleteOwned(tx, templatesTable, req.Region, req.Principal.Account, t.ID)
		}
		return putOwned(tx, templatesTable, t.Region, t.Account, t.ID, t)
	})
	return t, err
}

// CreateLaunchTemplate creates a template with its first version, the
// default, keeping LaunchTemplateData as given.
func (s *Service) CreateLaunchTemplate(ctx context.Context, in *ec2api.CreateLaunchTemplateInput) (*ec2api.CreateLaunchTemplateOutput, error) {
	req := authz.FromContext(ctx)
	tags := specTags(in.TagSpecifications, ec2api.ResourceTypeLaunchTemplate)
	if err := s.authorize(ctx, req, "ec2:CreateLaunchTemplate", target{arn: arn(req.Region, req.Principal.Account, "launch-template", "*"),
		conditions: tagConditions(nil, tags, "CreateLaunchTemplate")}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	t := &templateRecord{ID: s.newID("lt"), Account: req.Principal.Account, Region: req.Region, Name: deref(in.LaunchTemplateName),
		Created: now, CreatedBy: req.Principal.ARN, Default: 1, Tags: tags,
		Versions: []templateVersion{{Number: 1, Description: deref(in.VersionDescription), Created: now, CreatedBy: req.Principal.ARN,
			Data: keptData(in.LaunchTemplateData)}}}
	err := s.store.Update(ctx, func(tx store.Tx) error {
		taken, err := templateNamed(tx, req.Region, req.Principal.Account, t.Name)
		if err != nil {
			return err
		}
		if taken != nil {
			return templateNameTaken()
		}
		return putOwned(tx, templatesTable, t.Region, t.Account, t.ID, t)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.CreateLaunchTemplateOutput{LaunchTemplate: t.out()}, nil
}

// ModifyLaunchTemplate changes which version is the default.
func (s *Service) ModifyLaunchTemplate(ctx context.Context, in *ec2api.ModifyLaunchTemplateInput) (*ec2api.ModifyLaunchTemplateOutput, error) {
	t, err := s.changeTemplate(ctx, "ec2:ModifyLaunchTemplate", deref(in.LaunchTemplateId), deref(in.LaunchTemplateName), in.DryRun, nil,
		func(t *templateRecord) (bool, error) {
			if in.DefaultVersion == nil {
				return true, nil
			}
			v, err := t.version(*in.DefaultVersion)
			if err != nil {
				return false, err
			}
			t.Default = v.Number
			return true, nil
		})
	if err != nil {
		return nil, err
	}
	return &ec2api.ModifyLaunchTemplateOutput{LaunchTemplate: t.out()}, nil
}

// DeleteLaunchTemplate deletes a template and all its versions.
func (s *Service) DeleteLaunchTemplate(ctx context.Context, in *ec2api.DeleteLaunchTemplateInput) (*ec2api.DeleteLaunchTemplateOutput, error) {
	t, err := s.changeTemplate(ctx, "ec2:DeleteLaunchTemplate", deref(in.LaunchTemplateId), deref(in.LaunchTemplateName), in.DryRun, nil,
		func(*templateRecord) (bool, error) { return false, nil })
	if err != nil {
		return nil, err
	}
	return &ec2api.DeleteLaunchTemplateOutput{LaunchTemplate: t.out()}, nil
}

// DescribeLaunchTemplates describes the caller's templates: those named
// by id or name (each must exist) or all, filtered and paginated.
func (s *Service) DescribeLaunchTemplates(ctx context.Context, in *ec2api.DescribeLaunchTemplatesInput) (*ec2api.DescribeLaunchTemplatesOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeLaunchTemplates", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, templateFields(&templateRecord{}))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	var all []*templateRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		return scanOwned(tx, templatesTable, req.Region, req.Principal.Account, func(t *templateRecord) (bool, error) {
			all = append(all, t)
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	for _, id := range in.LaunchTemplateIds {
		if !hasPrefix(id, "lt") {
			return nil, templateIDMalformed(id)
		}
	}
	if len(missingIDs(in.LaunchTemplateIds, all, func(t *templateRecord) string { return t.ID }))+
		len(missingIDs(in.LaunchTemplateNames, all, func(t *templateRecord) string { return t.Name })) > 0 {
		return nil, templatesNotFound()
	}
	var kept []*templateRecord
	for _, t := range all {
		named := (len(in.LaunchTemplateIds) == 0 && len(in.LaunchTemplateNames) == 0) ||
			slices.Contains(in.LaunchTemplateIds, t.ID) || slices.Contains(in.LaunchTemplateNames, t.Name)
		if named && matches(filters, templateFields(t), t.Tags) {
			kept = append(kept, t)
		}
	}
	page, next := cut(kept, l, func(t *templateRecord) string { return t.ID })
	out := &ec2api.DescribeLaunchTemplatesOutput{LaunchTemplates: make([]ec2api.LaunchTemplate, 0, len(page)), NextToken: next}
	for _, t := range page {
		out.LaunchTemplates = append(out.LaunchTemplates, *t.out())
	}
	return out, nil
}

// templateFields are DescribeLaunchTemplates' filters.
func templateFields(t *templateRecord) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "launch-template-name":
			return one(t.Name), true
		case "create-time":
			return one(t.Created.Format(timeFormat)), true
		}
		return nil, false
	}
}

// launchTemplateData resolves RunInstances' LaunchTemplate among req's
// templates in its Region — by id or name; Version a number, $Latest or
// $Default (the default when absent) — and returns the version's
// LaunchTemplateData as given, for RunInstances to merge its own
// parameters over. Errors: InvalidLaunchTemplateId.NotFound or
// .Malformed, InvalidLaunchTemplateName.NotFoundException,
// InvalidLaunchTemplateId.VersionNotFound. Authorizing the launch on the
// template's ARN is RunInstances' part.
func (s *Service) launchTemplateData(ctx context.Context, req *authz.Request, spec *ec2api.LaunchTemplateSpecification) (*ec2api.ResponseLaunchTemplateData, error) {
	var t *templateRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		t, err = findTemplate(tx, req.Region, req.Principal.Account, deref(spec.LaunchTemplateId), deref(spec.LaunchTemplateName), nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	v, err := t.version(strings.TrimSpace(deref(spec.Version)))
	if err != nil {
		return nil, err
	}
	return responseData(v.Data), nil
}
