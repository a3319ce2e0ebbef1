package ec2

import (
	"reflect"
	"testing"

	"github.com/amityhq/amity/internal/api/ec2api"
)

// Launch template data is kept in the request shape and read back in the
// response shape by member name: every member of the one must exist, of
// the same kind, in the other.
func TestTemplateDataShapesAgree(t *testing.T) {
	var walk func(path string, req, resp reflect.Type)
	walk = func(path string, req, resp reflect.Type) {
		for req.Kind() == reflect.Pointer || req.Kind() == reflect.Slice {
			if resp.Kind() != req.Kind() {
				t.Errorf("%s: %v in requests, %v in answers", path, req, resp)
				return
			}
			req, resp = req.Elem(), resp.Elem()
		}
		if req.Kind() != resp.Kind() {
			t.Errorf("%s: %v in requests, %v in answers", path, req, resp)
			return
		}
		if req.Kind() != reflect.Struct {
			return
		}
		for i := range req.NumField() {
			f := req.Field(i)
			g, ok := resp.FieldByName(f.Name)
			if !ok {
				t.Errorf("%s.%s: not in answers", path, f.Name)
				continue
			}
			walk(path+"."+f.Name, f.Type, g.Type)
		}
	}
	walk("LaunchTemplateData", reflect.TypeFor[ec2api.RequestLaunchTemplateData](), reflect.TypeFor[ec2api.ResponseLaunchTemplateData]())
}

func TestOverlayKeepsSourceMembers(t *testing.T) {
	src := keptData(&ec2api.RequestLaunchTemplateData{ImageId: new("ami-1"), InstanceType: new("t3.micro"),
		BlockDeviceMappings: []ec2api.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: new("/dev/xvda")}}})
	got := responseData(overlay(src, keptData(&ec2api.RequestLaunchTemplateData{InstanceType: new("m5.large")})))
	if deref(got.ImageId) != "ami-1" || deref(got.InstanceType) != "m5.large" || len(got.BlockDeviceMappings) != 1 ||
		deref(got.BlockDeviceMappings[0].DeviceName) != "/dev/xvda" || got.KeyName != nil {
		t.Fatalf("overlay = %+v", got)
	}
}
