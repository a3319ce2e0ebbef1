package imagebuilder

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/lazyregexp"
)

// A component document is AWS Task Orchestrator and Executor (AWSTOE)
// YAML [user guide, image-builder-application-documents.md]:
//
//	name: HelloWorld
//	description: ...
//	schemaVersion: 1.0
//	parameters:
//	  - Greeting: {type: string, default: hello, description: ...}
//	phases:
//	  - name: build
//	    steps:
//	      - name: SayHello
//	        action: ExecuteBash
//	        inputs:
//	          commands: [echo hello]
//
// amity does not run components; it checks the document's shape, as
// CreateComponent does, and reads its type and parameters.
type componentDocument struct {
	Name          string                    `yaml:"name"`
	Description   string                    `yaml:"description"`
	SchemaVersion string                    `yaml:"schemaVersion"`
	Parameters    []map[string]docParameter `yaml:"parameters"`
	Phases        []docPhase                `yaml:"phases"`
}

type docParameter struct {
	Type        string `yaml:"type"`
	Default     any    `yaml:"default"`
	Description string `yaml:"description"`
}

type docPhase struct {
	Name  string    `yaml:"name"`
	Steps []docStep `yaml:"steps"`
}

type docStep struct {
	Name   string `yaml:"name"`
	Action string `yaml:"action"`
	Inputs any    `yaml:"inputs"`
}

// The phases an Image Builder component may have [user guide,
// image-builder-application-documents.md: build, validate, test].
var docPhases = []string{"build", "validate", "test"}

// stepName is what a step's name may hold [user guide, troubleshooting:
// "Allowed characters are combinations of numbers [0-9], english letters
// [a-z,A-Z] and special characters [-_]."]. Compiled on first use, not at
// every start of amity.
var stepName = lazyregexp.New(`^[0-9A-Za-z_-]+$`)

// noInputActions are the action modules that take no inputs [user guide,
// image-builder-action-modules.md: Reboot and UpdateOS inputs are
// optional]; every other action needs some [CloudSnorkel/cdk-github-runners#964,
// 2026: "Parsing step 'Download' in phase 'build' failed. Error: Action
// S3Download has no inputs; it requires an 'inputs'"].
var noInputActions = []string{"Reboot", "UpdateOS"}

// parsedComponent is what CreateComponent keeps of a valid document.
type parsedComponent struct {
	componentType string // BUILD, or TEST for a document with only a test phase
	parameters    []imagebuilderapi.ComponentParameterDetail
}

// parseComponent checks a component document and reads it. Its refusals
// are InvalidParameterValueException on 'data'; the step-name reason is
// AWS's [user guide, troubleshooting], the others are UNVERIFIED.
func parseComponent(data string) (*parsedComponent, error) {
	var doc componentDocument
	if err := yaml.Unmarshal([]byte(data), &doc); err != nil {
		return nil, invalidData("The document is not valid YAML: " + err.Error())
	}
	switch {
	case doc.Name == "":
		return nil, invalidData("The document must have a 'name'.")
	case doc.SchemaVersion != "1.0":
		return nil, invalidData("Unsupported schemaVersion '" + doc.SchemaVersion + "'. The supported schemaVersion is 1.0.")
	case len(doc.Phases) == 0:
		return nil, invalidData("The document must have at least one phase.")
	}
	var seen []string
	for _, ph := range doc.Phases {
		if !slices.Contains(docPhases, ph.Name) {
			return nil, invalidData(fmt.Sprintf("Invalid phase name '%s'. Allowed phase names are build, validate and test.", ph.Name))
		}
		if slices.Contains(seen, ph.Name) {
			return nil, invalidData(fmt.Sprintf("Phase '%s' is defined more than once.", ph.Name))
		}
		seen = append(seen, ph.Name)
		if err := checkSteps(ph); err != nil {
			return nil, err
		}
	}
	out := &parsedComponent{componentType: imagebuilderapi.ComponentTypeBuild}
	if len(seen) == 1 && seen[0] == "test" {
		out.componentType = imagebuilderapi.ComponentTypeTest
	}
	for _, p := range doc.Parameters {
		for name, def := range p {
			d := imagebuilderapi.ComponentParameterDetail{Name: new(name), Type: new(def.Type)}
			if def.Default != nil {
				d.DefaultValue = []string{fmt.Sprint(def.Default)}
			}
			if def.Description != "" {
				d.Description = new(def.Description)
			}
			out.parameters = append(out.parameters, d)
		}
	}
	return out, nil
}

func checkSteps(ph docPhase) error {
	if len(ph.Steps) == 0 {
		return invalidData(fmt.Sprintf("Phase '%s' must have at least one step.", ph.Name))
	}
	var names []string
	for _, st := range ph.Steps {
		if !stepName().MatchString(st.Name) {
			return invalidData(fmt.Sprintf("Invalid step name '%s' in phase '%s'. Allowed characters are combinations of numbers [0-9], english letters [a-z,A-Z] and special characters [-_].", st.Name, ph.Name))
		}
		if slices.Contains(names, st.Name) {
			return invalidData(fmt.Sprintf("Step name '%s' is used more than once in phase '%s'.", st.Name, ph.Name))
		}
		names = append(names, st.Name)
		if st.Action == "" {
			return invalidData(fmt.Sprintf("Parsing step '%s' in phase '%s' failed. Error: The step has no action.", st.Name, ph.Name))
		}
		if !slices.Contains(noInputActions, st.Action) && empty(st.Inputs) {
			return invalidData(fmt.Sprintf("Parsing step '%s' in phase '%s' failed. Error: Action %s has no inputs; it requires an 'inputs'", st.Name, ph.Name, st.Action))
		}
	}
	return nil
}

// empty reports whether a step's inputs are absent or an empty list or
// map (cdk-github-runners#964: "inputs: []" is refused as no inputs).
func empty(inputs any) bool {
	switch v := inputs.(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func invalidData(reason string) error { return invalidParameter("data", reason) }
