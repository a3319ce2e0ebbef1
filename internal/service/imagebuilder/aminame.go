package imagebuilder

import (
	"strconv"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/lazyregexp"
)

// An output AMI's name (amiDistributionConfiguration.name) may hold
// variables, which Image Builder replaces at each build [user guide,
// tag-resources.md, "Image Builder supports the following dynamic tags":
// {{imagebuilder:buildDate}}, "the build date/time at build time", and
// {{imagebuilder:buildVersion}}, the build number at the end of the
// image's ARN; the distribution examples of cr-upd-ami-distribution-settings.md
// write "Name {{imagebuilder:buildDate}}", "My {{imagebuilder:buildVersion}}
// image {{imagebuilder:buildDate}}" and, with spaces inside the braces,
// "Name {{ imagebuilder:buildDate }}"].

const (
	varBuildDate    = "imagebuilder:buildDate"
	varBuildVersion = "imagebuilder:buildVersion"
)

// amiNameVariable is a variable reference: {{name}}, with optional spaces
// inside the braces. Compiled on first use, not at every start of amity.
var amiNameVariable = lazyregexp.New(`\{\{\s*([^{}]*?)\s*\}\}`)

// checkAMIName returns the first variable of an AMI name template that
// Image Builder does not define, or a stray brace; ok is false then.
func checkAMIName(template string) (bad string, ok bool) {
	for _, m := range amiNameVariable().FindAllStringSubmatch(template, -1) {
		if m[1] != varBuildDate && m[1] != varBuildVersion {
			return m[0], false
		}
	}
	rest := amiNameVariable().ReplaceAllString(template, "")
	if i := strings.IndexAny(rest, "{}"); i >= 0 {
		return rest[i : i+1], false
	}
	return "", true
}

// expandAMIName is the name of an output AMI: template with its variables
// replaced — {{imagebuilder:buildDate}} by buildDate as AMI names write it
// (ISO 8601 with hyphens for colons, which AMI names cannot hold: an
// Image Builder AMI "test6 2021-06-09T08-21-40.869Z" in
// aws-parallelcluster#2843), {{imagebuilder:buildVersion}} by
// buildVersion —, or, when no name is configured, the recipe's name and
// the build date [user guide, cr-upd-ami-distribution-settings.md: "If
// you do not specify a name, Image Builder appends the build timestamp
// to the recipe name"]. The template is one checkAMIName accepted.
func expandAMIName(template string, buildDate time.Time, buildVersion int, recipeName string) string {
	date := buildDate.UTC().Format("2006-01-02T15-04-05.000Z")
	if template == "" {
		return recipeName + " " + date
	}
	return amiNameVariable().ReplaceAllStringFunc(template, func(ref string) string {
		if amiNameVariable().FindStringSubmatch(ref)[1] == varBuildDate {
			return date
		}
		return strconv.Itoa(buildVersion)
	})
}
