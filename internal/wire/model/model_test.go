package model_test

import (
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/wire/model"
)

const sample = `{
  "metadata": {"apiVersion": "2014-11-01", "protocol": "json", "targetPrefix": "TrentService"},
  "operations": {"Encrypt": {"http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "Req"}}},
  "shapes": {
    "Req": {"type": "structure", "required": ["Zeta"], "members": {
      "Zeta": {"shape": "Big"}, "Alpha": {"shape": "Half", "locationName": "alpha"}, "Mu": {"shape": "Big"}}},
    "Big": {"type": "long", "max": 9223372036854775807, "min": -1},
    "Half": {"type": "double", "min": 0.5}
  }
}`

func TestDecode(t *testing.T) {
	m, err := model.Decode(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	req := m.Shapes["Req"]
	var order []string
	for _, mem := range req.Members {
		order = append(order, mem.Name)
	}
	if strings.Join(order, ",") != "Zeta,Alpha,Mu" {
		t.Errorf("member order %v: AWS reports members in model order", order)
	}
	if req.Name != "Req" || m.Operations["Encrypt"].Name != "Encrypt" || !req.IsRequired("Zeta") || req.IsRequired("Mu") {
		t.Errorf("names and required: %+v", req)
	}
	if req.Members[1].LocationName != "alpha" || m.Metadata.TargetPrefix != "TrentService" {
		t.Errorf("traits lost: %+v", m)
	}
	if big := m.Shapes["Big"]; big.Max.Text != "9223372036854775807" || big.Min.Float() != -1 {
		t.Errorf("long bounds %+v %+v", big.Max, big.Min)
	}
	if half := m.Shapes["Half"]; half.Min.Float() != 0.5 {
		t.Errorf("double bound %+v", half.Min)
	}
}

func TestLoadFirst(t *testing.T) {
	newer, older := t.TempDir(), t.TempDir()
	write(t, filepath.Join(newer, "kms", "2014-11-01", "service-2.json.gz"), sample, true)
	write(t, filepath.Join(older, "kms", "2014-11-01", "api-2.json"), "not even JSON", false)
	write(t, filepath.Join(older, "iam", "2010-05-08", "api-2.json"), sample, false)
	sources := []model.Source{{Dir: newer, Name: "botocore"}, {Dir: older, Name: "aws-sdk-go"}}

	tests := []struct {
		service, version, source string
	}{
		{"kms", "2014-11-01", "botocore"}, // the preferred source wins
		{"iam", "2010-05-08", "aws-sdk-go"},
	}
	for _, tt := range tests {
		m, src, err := model.LoadFirst(sources, tt.service, tt.version)
		if err != nil {
			t.Fatalf("%s: %v", tt.service, err)
		}
		if src.Name != tt.source || m.Metadata.APIVersion != "2014-11-01" {
			t.Errorf("%s came from %s", tt.service, src.Name)
		}
	}
	if _, _, err := model.LoadFirst(sources, "sts", "2011-06-15"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("missing model: %v", err)
	}
	if _, err := (model.Source{Dir: older}).Load("kms", "2014-11-01"); err == nil || errors.Is(err, model.ErrNotFound) {
		t.Errorf("a broken model must fail loudly, got %v", err)
	}
}

func write(t *testing.T, path, content string, compress bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !compress {
		if _, err := f.WriteString(content); err != nil {
			t.Fatal(err)
		}
		return
	}
	gz := gzip.NewWriter(f)
	if _, err := gz.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
}
