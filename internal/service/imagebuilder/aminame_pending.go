package imagebuilder

import (
	"strconv"
	"strings"
	"time"
)

// expandAMIName fills a distribution's AMI name template: the
// {{imagebuilder:buildDate}} and {{imagebuilder:buildVersion}} variables.
func expandAMIName(template string, im *imageRecord, built time.Time) string {
	date := built.UTC().Format("2006-01-02T15-04-05.000Z")
	r := strings.NewReplacer("{{imagebuilder:buildDate}}", date, "{{ imagebuilder:buildDate }}", date,
		"{{imagebuilder:buildVersion}}", buildNumber(deref(im.Arn)))
	return r.Replace(template)
}

func buildNumber(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
