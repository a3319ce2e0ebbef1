package imagebuilder_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ib "github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
)

func TestComponentBuildsVersionsAndReferences(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	out := must(c.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String("Hello World"), SemanticVersion: aws.String("1.2.3"),
		Platform: types.PlatformLinux, Data: aws.String(helloDocument), Tags: map[string]string{"team": "img"}}))(t)
	base := "arn:aws:imagebuilder:us-east-1:111122223333:component/hello-world"
	if *out.ComponentBuildVersionArn != base+"/1.2.3/1" {
		t.Fatalf("arn = %s", *out.ComponentBuildVersionArn)
	}
	refs := out.LatestVersionReferences
	if *refs.LatestVersionArn != base+"/x.x.x" || *refs.LatestMajorVersionArn != base+"/1.x.x" ||
		*refs.LatestMinorVersionArn != base+"/1.2.x" || *refs.LatestPatchVersionArn != base+"/1.2.3" {
		t.Errorf("references = %+v", *refs)
	}
	// The same name and version again is the version's next build.
	second := e.component(t, c, "hello world", "1.2.3")
	newer := e.component(t, c, "Hello World", "1.10.0")
	if second != base+"/1.2.3/2" || newer != base+"/1.10.0/1" {
		t.Fatalf("builds = %s, %s", second, newer)
	}

	got := must(c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(base + "/1.x.x")}))(t).Component
	if *got.Arn != newer || *got.Version != "1.10.0" || got.Type != types.ComponentTypeBuild || *got.Owner != acctA ||
		*got.Data != helloDocument || !*got.Encrypted || got.State.Status != types.ComponentStatusActive {
		t.Errorf("GetComponent(1.x.x) = %+v", got)
	}
	if len(got.Parameters) != 1 || *got.Parameters[0].Name != "Greeting" || *got.Parameters[0].Type != "string" ||
		!slices.Equal(got.Parameters[0].DefaultValue, []string{"hello"}) {
		t.Errorf("parameters = %+v", got.Parameters)
	}
	got = must(c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(base + "/1.2.3")}))(t).Component
	if *got.Arn != second {
		t.Errorf("GetComponent(1.2.3) = %s, want the newest build %s", *got.Arn, second)
	}
	_, err := c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(base + "/2.x.x")})
	wantError(t, err, "ResourceNotFoundException", "The following required resource 'Component' cannot be found: '"+base+"/2.x.x'.")
	// Another account's component is not visible.
	_, err = e.ib(acctB, regionA).GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(newer)})
	wantError(t, err, "ResourceNotFoundException", "")

	builds := must(c.ListComponentBuildVersions(ctx(), &ib.ListComponentBuildVersionsInput{ComponentVersionArn: aws.String(base + "/1.2.3")}))(t)
	if len(builds.ComponentSummaryList) != 2 || builds.ComponentSummaryList[0].Tags["team"] != "img" {
		t.Errorf("build versions = %+v", builds.ComponentSummaryList)
	}
}

func TestListComponentsOwnersFiltersAndPages(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	for _, v := range []string{"1.0.0", "1.0.1", "2.0.0"} {
		e.component(t, c, "alpha", v)
	}
	e.component(t, c, "alpha", "2.0.0") // a second build: still one version
	e.component(t, c, "beta", "1.0.0")

	all := must(c.ListComponents(ctx(), &ib.ListComponentsInput{}))(t).ComponentVersionList
	var arns []string
	for _, v := range all {
		arns = append(arns, *v.Arn)
	}
	want := []string{"alpha/1.0.0", "alpha/1.0.1", "alpha/2.0.0", "beta/1.0.0"}
	for i := range want {
		want[i] = "arn:aws:imagebuilder:us-east-1:111122223333:component/" + want[i]
	}
	if !slices.Equal(arns, want) {
		t.Fatalf("versions = %v", arns)
	}
	// Pages of two, walked with nextToken.
	var walked []string
	var token *string
	for range 5 {
		p := must(c.ListComponents(ctx(), &ib.ListComponentsInput{MaxResults: aws.Int32(2), NextToken: token}))(t)
		for _, v := range p.ComponentVersionList {
			walked = append(walked, *v.Arn)
		}
		if token = p.NextToken; token == nil {
			break
		}
	}
	if !slices.Equal(walked, want) {
		t.Errorf("pages walked %v", walked)
	}
	_, err := c.ListComponents(ctx(), &ib.ListComponentsInput{NextToken: aws.String("!not-a-token")})
	wantError(t, err, "InvalidPaginationTokenException", "")

	named := must(c.ListComponents(ctx(), &ib.ListComponentsInput{Filters: []types.Filter{
		{Name: aws.String("name"), Values: []string{"alpha"}}, {Name: aws.String("version"), Values: []string{"1.0.1", "2.0.0"}}}}))(t)
	if len(named.ComponentVersionList) != 2 || *named.ComponentVersionList[0].Version != "1.0.1" {
		t.Errorf("filtered = %+v", named.ComponentVersionList)
	}
	_, err = c.ListComponents(ctx(), &ib.ListComponentsInput{Filters: []types.Filter{{Name: aws.String("colour"), Values: []string{"x"}}}})
	wantError(t, err, "InvalidParameterValueException", "")

	amazon := must(c.ListComponents(ctx(), &ib.ListComponentsInput{Owner: types.OwnershipAmazon,
		Filters: []types.Filter{{Name: aws.String("name"), Values: []string{"update-linux"}}}}))(t).ComponentVersionList
	if len(amazon) != 1 || *amazon[0].Arn != "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/x.x.x" || *amazon[0].Owner != "Amazon" {
		t.Errorf("Amazon's update-linux = %+v", amazon)
	}
	owned := must(c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String("arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.2/1")}))(t).Component
	if *owned.Name != "update-linux" || *owned.Owner != "Amazon" || owned.Platform != types.PlatformLinux {
		t.Errorf("owned component = %+v", owned)
	}
	if shared := must(c.ListComponents(ctx(), &ib.ListComponentsInput{Owner: types.OwnershipShared}))(t); len(shared.ComponentVersionList) != 0 {
		t.Errorf("shared = %+v", shared.ComponentVersionList)
	}
}

func TestComponentDocumentsAreChecked(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	create := func(data string) error {
		_, err := c.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String("doc"), SemanticVersion: aws.String("1.0.0"),
			Platform: types.PlatformLinux, Data: aws.String(data)})
		return err
	}
	badStep := strings.Replace(helloDocument, "name: SayHello", "name: Say Hello", 1)
	wantError(t, create(badStep), "InvalidParameterValueException", "The value supplied for parameter 'data' is not valid. "+
		"Invalid step name 'Say Hello' in phase 'build'. Allowed characters are combinations of numbers [0-9], english letters [a-z,A-Z] and special characters [-_].")
	noInputs := "name: d\nschemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Download\n        action: S3Download\n        inputs: []\n"
	wantError(t, create(noInputs), "InvalidParameterValueException", "The value supplied for parameter 'data' is not valid. "+
		"Parsing step 'Download' in phase 'build' failed. Error: Action S3Download has no inputs; it requires an 'inputs'")
	for _, bad := range []string{"phases: [", "name: d\nschemaVersion: 2.0\nphases: []\n",
		"name: d\nschemaVersion: 1.0\nphases:\n  - name: deploy\n    steps:\n      - {name: a, action: Reboot}\n"} {
		wantError(t, create(bad), "InvalidParameterValueException", "")
	}
	// A document with only a test phase makes a TEST component; Reboot
	// needs no inputs.
	test := "name: t\nschemaVersion: 1.0\nphases:\n  - name: test\n    steps:\n      - {name: Restart, action: Reboot}\n"
	if err := create(test); err != nil {
		t.Fatal(err)
	}
	got := must(c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String("arn:aws:imagebuilder:us-east-1:111122223333:component/doc/1.0.0/1")}))(t)
	if got.Component.Type != types.ComponentTypeTest {
		t.Errorf("type = %s", got.Component.Type)
	}
	_, err := c.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String("doc"), SemanticVersion: aws.String("1.0.0"),
		Platform: types.PlatformLinux, Data: aws.String(test), Uri: aws.String("s3://bucket/doc.yaml")})
	wantError(t, err, "InvalidParameterCombinationException", "")
	_, err = c.CreateComponent(ctx(), &ib.CreateComponentInput{Name: aws.String("doc"), SemanticVersion: aws.String("1.0"),
		Platform: types.PlatformLinux, Data: aws.String(test)})
	wantError(t, err, "InvalidParameterValueException", "")
}

func TestDeleteComponentRefusedWhileARecipeUsesIt(t *testing.T) {
	e := newEnv(t)
	c := e.ib(acctA, regionA)
	comp := e.component(t, c, "hello", "1.0.0")
	recipe := e.recipe(t, c, "golden", "1.0.0", "arn:aws:imagebuilder:us-east-1:111122223333:component/hello/x.x.x")
	_, err := c.DeleteComponent(ctx(), &ib.DeleteComponentInput{ComponentBuildVersionArn: aws.String(comp)})
	wantError(t, err, "ResourceDependencyException", "Resource dependency error: The resource ARN '"+comp+"' has other resources depended on it.")
	must(c.DeleteImageRecipe(ctx(), &ib.DeleteImageRecipeInput{ImageRecipeArn: aws.String(recipe)}))(t)
	must(c.DeleteComponent(ctx(), &ib.DeleteComponentInput{ComponentBuildVersionArn: aws.String(comp)}))(t)
	_, err = c.GetComponent(ctx(), &ib.GetComponentInput{ComponentBuildVersionArn: aws.String(comp)})
	wantError(t, err, "ResourceNotFoundException", "")
}
