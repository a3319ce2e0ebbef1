package awsdata_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
)

func TestManagedPoliciesMatchFiles(t *testing.T) {
	dir := filepath.Join("data", "iam-managed-policies")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	policies := awsdata.ManagedPolicies()
	if len(policies) != len(entries) {
		t.Fatalf("ManagedPolicies() has %d policies, %s has %d files", len(policies), dir, len(entries))
	}
	for _, p := range policies {
		t.Run(p.Name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, p.Name+".json"))
			if err != nil {
				t.Fatalf("no file for policy %q: %v", p.Name, err)
			}
			if !strings.Contains(string(raw), p.Document) {
				t.Error("Document is not the file's original text")
			}
			var doc struct {
				Version   string
				Statement json.RawMessage
			}
			if err := json.Unmarshal([]byte(p.Document), &doc); err != nil {
				t.Fatalf("Document is not JSON: %v", err)
			}
			if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
				t.Errorf("Document has Version %q and %d bytes of Statement", doc.Version, len(doc.Statement))
			}
			if want := "arn:aws:iam::aws:policy" + p.Path + p.Name; p.ARN != want {
				t.Errorf("ARN = %q, want %q", p.ARN, want)
			}
			if !strings.HasPrefix(p.ID, "ANPA") || !strings.HasPrefix(p.DefaultVersionID, "v") {
				t.Errorf("ID %q, DefaultVersionID %q", p.ID, p.DefaultVersionID)
			}
			if p.CreateDate.IsZero() || p.UpdateDate.Before(p.CreateDate) {
				t.Errorf("CreateDate %v, UpdateDate %v", p.CreateDate, p.UpdateDate)
			}
		})
	}
}

func TestManagedPolicyLookup(t *testing.T) {
	tests := []struct {
		name     string
		found    bool
		wantPath string
	}{
		{"AdministratorAccess", true, "/"},
		{"AWSServiceRoleForImageBuilder", true, "/aws-service-role/"},
		{"Ec2ImageBuilderCrossAccountDistributionAccess", true, "/"},
		{"administratoraccess", false, ""},
		{"NoSuchPolicy", false, ""},
	}
	for _, tt := range tests {
		p, ok := awsdata.ManagedPolicy(tt.name)
		if ok != tt.found || p.Path != tt.wantPath {
			t.Errorf("ManagedPolicy(%q) = path %q, %v; want %q, %v", tt.name, p.Path, ok, tt.wantPath, tt.found)
		}
		if ok && p.Name != tt.name {
			t.Errorf("ManagedPolicy(%q) returned %q", tt.name, p.Name)
		}
	}
}

func TestManagedPoliciesReturnsACopy(t *testing.T) {
	awsdata.ManagedPolicies()[0].Name = "changed"
	if awsdata.ManagedPolicies()[0].Name == "changed" {
		t.Error("a caller's change to the slice leaked into the package")
	}
}
