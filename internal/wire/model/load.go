package model

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Source is a directory of service models laid out as
// <service>/<version>/<file>, as botocore's data directory and aws-sdk-go's
// models/apis directory both are.
type Source struct {
	Dir  string // the directory holding <service>/<version>/
	Name string // what to record in generated headers, e.g. "botocore 1.43.11"
}

// ErrNotFound is returned when no source holds the requested model.
var ErrNotFound = errors.New("model not found")

// modelFiles are the file names a model may have, in order of preference.
var modelFiles = []string{"service-2.json.gz", "service-2.json", "api-2.json"}

// Load reads one service model from the source.
func (s Source) Load(service, version string) (*Model, error) {
	for _, name := range modelFiles {
		path := filepath.Join(s.Dir, service, version, name)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		return LoadFile(path)
	}
	return nil, fmt.Errorf("%s/%s in %s: %w", service, version, s.Dir, ErrNotFound)
}

// LoadFile reads a model file, gzip-compressed when its name ends in ".gz".
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	m, err := Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Decode parses a model and names its shapes and operations.
func Decode(r io.Reader) (*Model, error) {
	var m Model
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, err
	}
	for name, s := range m.Shapes {
		s.Name = name
	}
	for name, op := range m.Operations {
		op.Name = name
	}
	return &m, nil
}

// LoadFirst loads the model from the first source that has it, and says which.
func LoadFirst(sources []Source, service, version string) (*Model, Source, error) {
	for _, s := range sources {
		m, err := s.Load(service, version)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		return m, s, err
	}
	return nil, Source{}, fmt.Errorf("%s/%s: %w in any of %d sources", service, version, ErrNotFound, len(sources))
}

// AWSSDKGoV1 is the aws-sdk-go module whose models are the fallback source.
const AWSSDKGoV1 = "github.com/aws/aws-sdk-go@v1.55.8"

// Discover finds the model sources on this machine, preferred first: the
// botocore package of the python3 on PATH (newest models), then aws-sdk-go v1
// in the Go module cache. It downloads nothing; a machine with neither gets
// no sources.
func Discover() []Source {
	var sources []Source
	if s, ok := botocore(); ok {
		sources = append(sources, s)
	}
	if s, ok := sdkGoV1(); ok {
		sources = append(sources, s)
	}
	return sources
}

func botocore() (Source, bool) {
	out, err := exec.Command("python3", "-c",
		"import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)").Output()
	if err != nil {
		return Source{}, false
	}
	lines := strings.Fields(string(out))
	if len(lines) != 2 {
		return Source{}, false
	}
	dir := filepath.Join(lines[0], "data")
	if _, err := os.Stat(dir); err != nil {
		return Source{}, false
	}
	return Source{Dir: dir, Name: "botocore " + lines[1]}, true
}

func sdkGoV1() (Source, bool) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return Source{}, false
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), filepath.FromSlash(AWSSDKGoV1), "models", "apis")
	if _, err := os.Stat(dir); err != nil {
		return Source{}, false
	}
	module, version, _ := strings.Cut(AWSSDKGoV1, "@")
	return Source{Dir: dir, Name: module + " " + version}, true
}
