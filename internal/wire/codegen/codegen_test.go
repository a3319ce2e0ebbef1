package codegen_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/wire/codegen"
	"github.com/amityhq/amity/internal/wire/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var protocols = []string{model.ProtocolJSON, model.ProtocolQuery, model.ProtocolEC2, model.ProtocolRestJSON}

// tiny returns the hand-made model of testdata/tiny.json under protocol p.
func tiny(t *testing.T, p string) *model.Model {
	t.Helper()
	m, err := model.LoadFile("testdata/tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	m.Metadata.Protocol = p
	return m
}

func tinyConfig() codegen.Config {
	return codegen.Config{
		Service: "tiny", Version: "2020-01-01", Package: "tinyapi",
		Allow: []string{"PutThing", "GetThing", "ListThings", "DeleteThings"},
		Overrides: codegen.Overrides{
			ErrorStatus: map[string]int{"Busy": 503},
			Errors:      []codegen.ExtraError{{Code: "Throttling.Exceeded", Status: 400}},
		},
	}
}

// TestGenerateGolden generates the tiny model in every protocol and compares
// with testdata/golden (go test -run Golden -update rewrites it). The model
// has every feature the generator handles: required members, enums,
// patterns (translated, look-ahead, Unicode escapes), lengths and ranges,
// sensitive blobs, nested structures, lists of lists, maps of structures,
// timestamps in two formats, REST bindings, shared and missing operation
// shapes, modeled and unmodeled errors.
func TestGenerateGolden(t *testing.T) {
	for _, p := range protocols {
		t.Run(p, func(t *testing.T) {
			files, err := codegen.Generate(tiny(t, p), "testdata", tinyConfig())
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "golden", p)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, src := range files {
					if err := os.WriteFile(filepath.Join(dir, name+".golden"), src, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			golden, err := filepath.Glob(filepath.Join(dir, "*.golden"))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, g := range golden {
				names = append(names, strings.TrimSuffix(filepath.Base(g), ".golden"))
			}
			if got := sortedNames(files); !slices.Equal(got, names) {
				t.Fatalf("generated %v, golden %v", got, names)
			}
			for _, name := range names {
				want, err := os.ReadFile(filepath.Join(dir, name+".golden"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(files[name], want) {
					t.Errorf("%s differs from its golden file; rerun with -update and review the diff", name)
				}
			}
		})
	}
}

func sortedNames(files map[string][]byte) []string {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// TestGeneratedCodeCompiles builds the tiny model's packages, placed
// (through a build overlay, without touching the tree) where they may import
// amity's internal packages.
func TestGeneratedCodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	tmp := t.TempDir()
	overlay := map[string]map[string]string{"Replace": {}}
	var pkgs []string
	for _, p := range protocols {
		files, err := codegen.Generate(tiny(t, p), "testdata", tinyConfig())
		if err != nil {
			t.Fatal(err)
		}
		pkg := "tinyapi_" + strings.ReplaceAll(p, "-", "")
		dir, err := filepath.Abs(filepath.Join("testdata", "build", pkg))
		if err != nil {
			t.Fatal(err)
		}
		for name, src := range files {
			real := filepath.Join(tmp, pkg+"_"+name)
			if err := os.WriteFile(real, src, 0o644); err != nil {
				t.Fatal(err)
			}
			overlay["Replace"][filepath.Join(dir, name)] = real
		}
		pkgs = append(pkgs, "./testdata/build/"+pkg)
	}
	ov, err := json.Marshal(overlay)
	if err != nil {
		t.Fatal(err)
	}
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"build", "-overlay", ovPath}, pkgs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

func TestGenerateRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *model.Model, cfg *codegen.Config)
		want   string
	}{
		{"unknown operation", func(_ *model.Model, cfg *codegen.Config) { cfg.Allow = append(cfg.Allow, "Frobnicate") },
			"allowlisted operation Frobnicate is not in the model"},
		{"unknown protocol", func(m *model.Model, _ *codegen.Config) { m.Metadata.Protocol = "smoke-signals" },
			`protocol "smoke-signals" is not supported`},
		{"missing shape", func(m *model.Model, _ *codegen.Config) { delete(m.Shapes, "Part") },
			"shape Part is not in the model"},
		{"constrained list elements that are not strings", func(m *model.Model, _ *codegen.Config) {
			m.Shapes["NameList"].Member.Shape = "SizeType"
		}, "cannot validate the elements of a list of integer"},
		{"colliding names", func(m *model.Model, _ *codegen.Config) {
			m.Shapes["KindType"].Enum = []string{"a-b", "A_B"}
		}, "generated name KindTypeAB is both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, cfg := tiny(t, model.ProtocolJSON), tinyConfig()
			tt.change(m, &cfg)
			_, err := codegen.Generate(m, "testdata", cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestCommittedPackagesAreUpToDate regenerates every internal/api package
// from the models on this machine and compares with what is committed. It
// skips when the models are absent (CI) or are not the version the
// packages were generated from.
func TestCommittedPackagesAreUpToDate(t *testing.T) {
	sources := model.Discover()
	if len(sources) == 0 {
		t.Skip("no service models on this machine (botocore or aws-sdk-go v1)")
	}
	dirs, err := filepath.Glob("../../api/*api")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no generated packages found")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			args := generateArgs(t, filepath.Join(dir, "generate.go"))
			cfg, err := codegen.ParseArgs(args, dir)
			if err != nil {
				t.Fatal(err)
			}
			m, source, err := model.LoadFirst(sources, cfg.Service, cfg.Version)
			if err != nil {
				t.Skip(err)
			}
			header := codegen.Header(source.Name, cfg)
			committed := committedFiles(t, dir)
			for name, src := range committed {
				if first, _, _ := strings.Cut(string(src), "\n"); first != header {
					t.Skipf("%s was generated from another model version: %s", name, first)
				}
			}
			files, err := codegen.Generate(m, source.Name, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sortedNames(files), sortedNames(committed); !slices.Equal(got, want) {
				t.Fatalf("generator writes %v, committed are %v: run go generate in %s", got, want, dir)
			}
			for name, src := range files {
				if !bytes.Equal(src, committed[name]) {
					t.Errorf("%s is stale: run go generate in %s", name, dir)
				}
			}
		})
	}
}

// generateArgs reads the generator's arguments from a //go:generate line.
func generateArgs(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 3 && fields[0] == "//go:generate" && fields[1] == "go" && fields[2] == "run" {
			return fields[4:]
		}
	}
	t.Fatalf("%s has no //go:generate go run line", path)
	return nil
}

// committedFiles returns a package's generated files by name.
func committedFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if !codegen.IsGenerated(p) {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = src
	}
	return out
}

// TestUncheckedShapes: a shape the service checks itself gets no rule, and
// the members of its type are validated for presence only.
func TestUncheckedShapes(t *testing.T) {
	cfg := tinyConfig()
	cfg.Overrides.Unchecked = map[string]bool{"SizeType": true}
	files, err := codegen.Generate(tiny(t, model.ProtocolJSON), "testdata", cfg)
	if err != nil {
		t.Fatal(err)
	}
	checked, err := codegen.Generate(tiny(t, model.ProtocolJSON), "testdata", tinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(checked["validate.go"], []byte("ruleSizeType")) {
		t.Fatal("the tiny model no longer constrains SizeType: the test checks nothing")
	}
	if bytes.Contains(files["validate.go"], []byte("ruleSizeType")) {
		t.Errorf("an unchecked shape kept its rule:\n%s", files["validate.go"])
	}
}
