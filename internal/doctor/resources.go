package doctor

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
)

// instance explains an instance that stopped or terminated on launch.
func (d *Doctor) instance(ctx context.Context, caller *authz.Request, id string) (*Report, error) {
	out, err := d.ec2.DescribeInstances(ctx, caller, &ec2api.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil {
		return nil, err
	}
	inst := out.Reservations[0].Instances[0]
	arn := "arn:aws:ec2:" + caller.Region + ":" + caller.Principal.Account + ":instance/" + id
	r := &Report{Resource: arn, Statements: []Statement{}, Fixes: []Fix{}}
	state := deref(inst.State.Name)
	code := ""
	if inst.StateReason != nil {
		code = deref(inst.StateReason.Code)
	}
	if code != "Client.InternalError" && code != "Client.InvalidKMSKey.InvalidState" {
		r.What = "Instance " + id + " is " + state + ": nothing failed."
		return r, nil
	}
	r.Failed = true
	r.What = "Instance " + id + " is " + state + " with StateReason " + code + " (" + deref(inst.StateReason.Message) + ")."
	fs, err := d.src.Failures.BySubject(ctx, arn)
	if err != nil {
		return nil, err
	}
	return d.classify(ctx, caller, r, lastAttempt(fs), nil)
}

// snapshot explains a snapshot copy in error.
func (d *Doctor) snapshot(ctx context.Context, caller *authz.Request, id string) (*Report, error) {
	out, err := d.ec2.DescribeSnapshots(ctx, caller, &ec2api.DescribeSnapshotsInput{SnapshotIds: []string{id}})
	if err != nil {
		return nil, err
	}
	sn := out.Snapshots[0]
	arn := "arn:aws:ec2:" + caller.Region + "::snapshot/" + id
	r := &Report{Resource: arn, Statements: []Statement{}, Fixes: []Fix{}}
	if deref(sn.State) != ec2api.SnapshotStateError {
		r.What = "Snapshot " + id + " is " + deref(sn.State) + ": nothing failed."
		return r, nil
	}
	r.Failed = true
	r.What = "Snapshot " + id + " is in error: " + deref(sn.StateMessage) + "."
	fs, err := d.src.Failures.BySubject(ctx, arn)
	if err != nil {
		return nil, err
	}
	return d.classify(ctx, caller, r, fs, nil)
}

// ami explains an AMI copy that failed.
func (d *Doctor) ami(ctx context.Context, caller *authz.Request, id string) (*Report, error) {
	out, err := d.ec2.DescribeImages(ctx, caller, &ec2api.DescribeImagesInput{ImageIds: []string{id}})
	if err != nil {
		return nil, err
	}
	im := out.Images[0]
	arn := "arn:aws:ec2:" + caller.Region + "::image/" + id
	r := &Report{Resource: arn, Statements: []Statement{}, Fixes: []Fix{}}
	if deref(im.State) != ec2api.ImageStateFailed {
		r.What = "Image " + id + " is " + deref(im.State) + ": nothing failed."
		return r, nil
	}
	r.Failed = true
	r.What = "Image " + id + " failed"
	if im.StateReason != nil {
		r.What += ": " + deref(im.StateReason.Message)
	}
	r.What += "."
	fs, err := d.src.Failures.BySubject(ctx, arn)
	if err != nil {
		return nil, err
	}
	return d.classify(ctx, caller, r, fs, nil)
}

// image explains an Image Builder image that FAILED.
func (d *Doctor) image(ctx context.Context, caller *authz.Request, arn string) (*Report, error) {
	out, err := d.ib.GetImage(ctx, caller, &imagebuilderapi.GetImageInput{ImageBuildVersionArn: &arn})
	if err != nil {
		return nil, err
	}
	im := out.Image
	r := &Report{Resource: arn, Statements: []Statement{}, Fixes: []Fix{}}
	status := deref(im.State.Status)
	if status != imagebuilderapi.ImageStatusFailed {
		r.What = "Image " + arn + " is " + status + ": nothing failed."
		return r, nil
	}
	r.Failed = true
	reason := deref(im.State.Reason)
	r.What = "Image " + arn + " FAILED: " + reason
	fs, err := d.src.Failures.BySubject(ctx, arn)
	if err != nil {
		return nil, err
	}
	return d.classify(ctx, caller, r, fs, &buildContext{image: im, reason: reason})
}

// event explains a request and the calls made while serving it.
func (d *Doctor) event(ctx context.Context, caller *authz.Request, id string) (*Report, error) {
	self, children, err := d.src.Failures.ByRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if self == nil && len(children) == 0 {
		// A CloudTrail event id: its record names the request.
		if request := d.requestOfEvent(ctx, caller, id); request != "" {
			if self, children, err = d.src.Failures.ByRequest(ctx, request); err != nil {
				return nil, err
			}
		}
	}
	r := &Report{Resource: id, Statements: []Statement{}, Fixes: []Fix{}}
	var fs []*Failure
	if self != nil {
		fs = append(fs, self)
	}
	fs = append(fs, children...)
	if len(fs) == 0 || !visible(caller, fs) {
		r.What = "Request " + id + ": amity keeps no failure of it for account " + caller.Principal.Account + "."
		return r, nil
	}
	r.Failed = true
	last := fs[len(fs)-1]
	r.What = "Request " + id + " (" + last.Service + ":" + last.Operation + ") failed"
	if last.ErrorCode != "" {
		r.What += ": " + last.ErrorCode + ": " + last.ErrorMessage
	}
	return d.classify(ctx, caller, r, fs, nil)
}

// visible reports whether the caller's account made or owns the failed
// calls: the only failures it may see.
func visible(caller *authz.Request, fs []*Failure) bool {
	for _, f := range fs {
		if f.Account == caller.Principal.Account || strings.Contains(f.Subject, ":"+caller.Principal.Account+":") {
			return true
		}
		for _, res := range f.Resources {
			if res.Account == caller.Principal.Account {
				return true
			}
		}
	}
	return false
}

// requestOfEvent is the request id of the CloudTrail event id, looked up
// as the caller (who sees their account's events in the Region); "" when
// there is none.
func (d *Doctor) requestOfEvent(ctx context.Context, caller *authz.Request, id string) string {
	out, err := d.trail.LookupEvents(ctx, caller, &cloudtrailapi.LookupEventsInput{LookupAttributes: []cloudtrailapi.LookupAttribute{{
		AttributeKey: new(cloudtrailapi.LookupAttributeKeyEventId), AttributeValue: &id}}})
	if err != nil || len(out.Events) == 0 {
		return ""
	}
	var record struct {
		RequestID string `json:"requestID"`
	}
	if json.Unmarshal([]byte(deref(out.Events[0].CloudTrailEvent)), &record) != nil {
		return ""
	}
	return record.RequestID
}
