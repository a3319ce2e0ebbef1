package wire_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/wire"
)

func ptr[T any](v T) *T { return &v }

var (
	keyRule     = &wire.Rule{Min: &wire.Limit{Value: 1, Text: "1"}, Max: &wire.Limit{Value: 4, Text: "4"}}
	enumRule    = &wire.Rule{Enum: []string{"SIGN_VERIFY", "ENCRYPT_DECRYPT"}}
	patternRule = &wire.Rule{Pattern: wire.NewPattern(`[\w+=,.@-]+`, `[\w+=,.@-]+`)}
	tagKeyRule  = &wire.Rule{Max: &wire.Limit{Value: 3, Text: "3"},
		Pattern: wire.NewPattern(`^(?!aws:)[a-z:]*$`, `^[a-z:]*$`).NotPrefixed("aws:")}
	lookRule   = &wire.Rule{Pattern: wire.NewPattern(`^(?=x).*$`, "")} // not expressible in Go: never fails
	secretRule = &wire.Rule{Min: &wire.Limit{Value: 1, Text: "1"}, Max: &wire.Limit{Value: 2, Text: "2"}, Sensitive: true}
	rangeRule  = &wire.Rule{Min: &wire.Limit{Value: 1, Text: "1"}, Max: &wire.Limit{Value: 1024, Text: "1024"}}
	ratioRule  = &wire.Rule{Min: &wire.Limit{Value: 0.5, Text: "0.5"}, Max: &wire.Limit{Value: 1.5, Text: "1.5"}}
	listRule   = &wire.Rule{Max: &wire.Limit{Value: 2, Text: "2"}}
)

func TestValidatorMessages(t *testing.T) {
	tests := []struct {
		name  string
		check func(v *wire.Validator)
		want  string // without the "N validation error(s) detected: " head
	}{
		{"required", func(v *wire.Validator) { v.String("keyId", nil, true, keyRule) },
			"Value null at 'keyId' failed to satisfy constraint: Member must not be null"},
		{"required sensitive", func(v *wire.Validator) { v.Blob("plaintext", nil, true, secretRule) },
			"Value at 'plaintext' failed to satisfy constraint: Member must not be null"},
		{"too long", func(v *wire.Validator) { v.String("keyId", ptr("abcde"), false, keyRule) },
			"Value 'abcde' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 4"},
		{"lengths count UTF-16 units", func(v *wire.Validator) { v.String("keyId", ptr("😀😀😀"), false, keyRule) },
			"Value '😀😀😀' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 4"},
		{"too short", func(v *wire.Validator) { v.String("keyId", ptr(""), false, keyRule) },
			"Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"enum", func(v *wire.Validator) { v.String("keyUsage", ptr("RANDOM"), false, enumRule) },
			"Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT]"},
		{"pattern", func(v *wire.Validator) { v.String("userName", ptr("a b"), false, patternRule) },
			"Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"},
		{"look-ahead as forbidden prefix", func(v *wire.Validator) { v.String("key", ptr("aws:"), false, tagKeyRule) },
			"Value 'aws:' at 'key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?!aws:)[a-z:]*$; " +
				"Value 'aws:' at 'key' failed to satisfy constraint: Member must have length less than or equal to 3"},
		{"sensitive blob", func(v *wire.Validator) { v.Blob("plaintext", []byte("abc"), true, secretRule) },
			"Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"blob shown as Java prints it", func(v *wire.Validator) { v.Blob("blob", []byte{}, false, keyRule) },
			"Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'blob' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"integer range", func(v *wire.Validator) { v.Int32("numberOfBytes", ptr(int32(1025)), false, rangeRule) },
			"Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"},
		{"long range", func(v *wire.Validator) { v.Int64("n", ptr(int64(0)), false, rangeRule) },
			"Value '0' at 'n' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"double range", func(v *wire.Validator) { v.Float64("ratio", ptr(2.0), false, ratioRule) },
			"Value '2.0' at 'ratio' failed to satisfy constraint: Member must have value less than or equal to 1.5"},
		{"present", func(v *wire.Validator) { v.Present("enabled", false, true) },
			"Value null at 'enabled' failed to satisfy constraint: Member must not be null"},
		{"list elements", func(v *wire.Validator) { v.StringList("tokens", []string{"ok", ""}, false, listRule, keyRule) },
			"Value '[ok, ]' at 'tokens' failed to satisfy constraint: Member must satisfy constraint: " +
				"[Member must have length less than or equal to 4, Member must have length greater than or equal to 1]"},
		{"list size", func(v *wire.Validator) { v.StringList("tokens", []string{"a", "b", "c"}, false, listRule, nil) },
			"Value '[a, b, c]' at 'tokens' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"list element enum", func(v *wire.Validator) { v.StringList("ops", []string{"X"}, true, nil, enumRule) },
			"Value '[X]' at 'ops' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT]]"},
		{"map keys then values", func(v *wire.Validator) {
			v.StringMap("tags", map[string]string{"aws:x": "v", "b": "toolong"}, false, nil, tagKeyRule, keyRule)
		}, "Value '{aws:x=v, b=toolong}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: " +
			"[Member must have length less than or equal to 3, Member must satisfy regular expression pattern: ^(?!aws:)[a-z:]*$]; " +
			"Value '{aws:x=v, b=toolong}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: " +
			"[Member must have length less than or equal to 4, Member must have length greater than or equal to 1]"},
		{"nested paths", func(v *wire.Validator) {
			if v.Collection("tags", 2, true, false, nil) {
				v.EnterIndex("tags", 1)
				v.String("tagKey", nil, true, keyRule)
				v.Leave()
			}
			v.Enter("constraints")
			v.EnterKey("index", "k1")
			v.String("key", ptr(""), false, keyRule)
			v.Leave()
			v.Leave()
		}, "Value null at 'tags.2.member.tagKey' failed to satisfy constraint: Member must not be null; " +
			"Value '' at 'constraints.index.k1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"collection size hides elements", func(v *wire.Validator) { v.Collection("parts", 3, true, false, listRule) },
			"Value at 'parts' failed to satisfy constraint: Member must have length less than or equal to 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v wire.Validator
			tt.check(&v)
			err := v.Err("ValidationException")
			if err == nil {
				t.Fatal("no error")
			}
			head := "1 validation error detected: "
			if n := strings.Count(tt.want, "; Value") + 1; n > 1 {
				head = fmt.Sprintf("%d validation errors detected: ", n)
			}
			if err.Code != "ValidationException" || err.Status != 400 || err.Message != head+tt.want {
				t.Errorf("got  %s %d %q\nwant %q", err.Code, err.Status, err.Message, head+tt.want)
			}
		})
	}
}

// A valid input costs nothing: no error, no allocation.
func TestValidatorValidInput(t *testing.T) {
	s, n, list, m := ptr("abc"), ptr(int32(5)), []string{"ok"}, map[string]string{"a": "b"}
	var err error
	allocs := testing.AllocsPerRun(100, func() {
		var v wire.Validator
		v.String("keyId", s, true, keyRule)
		v.String("user", s, true, patternRule)
		v.String("look", s, true, lookRule)
		v.Int32("n", n, true, rangeRule)
		v.Blob("b", []byte("x"), true, secretRule)
		v.StringList("l", list, true, listRule, keyRule)
		v.StringMap("m", m, true, nil, keyRule, keyRule)
		v.Present("p", true, true)
		if e := v.Err("ValidationException"); e != nil {
			err = e
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if allocs != 0 {
		t.Errorf("%v allocations for a valid input", allocs)
	}
}

func TestValidatorEC2(t *testing.T) {
	tests := []struct {
		name        string
		check       func(v *wire.Validator)
		code, error string
	}{
		{"missing", func(v *wire.Validator) {
			v.EnterIndex("Filter", 0)
			v.String("Name", nil, true, nil)
			v.Leave()
		}, "MissingParameter", "The request must contain the parameter Filter.1.Name"},
		{"invalid", func(v *wire.Validator) {
			v.String("VolumeType", ptr("gp9"), false, &wire.Rule{Enum: []string{"gp3"}})
			v.String("Other", nil, true, nil)
		}, "InvalidParameterValue", "Value (gp9) for parameter VolumeType is invalid."},
	}
	for _, tt := range tests {
		var v wire.Validator
		tt.check(&v)
		err := v.EC2Err()
		if err == nil || err.Code != tt.code || err.Message != tt.error || err.Status != 400 {
			t.Errorf("%s: got %v", tt.name, err)
		}
	}
	var v wire.Validator
	if v.EC2Err() != nil || v.Err("X") != nil || !v.Valid() {
		t.Error("an empty validator reports an error")
	}
}

// TestValidatorMissing: Missing names the absent required members, by
// path, and no other violation.
func TestValidatorMissing(t *testing.T) {
	var v wire.Validator
	v.String("keyId", nil, true, keyRule)
	v.String("keyUsage", ptr("RANDOM"), true, enumRule)
	v.Enter("constraints")
	v.Present("encryptionContextSubset", false, true)
	v.Leave()
	if got := strings.Join(v.Missing(), " "); got != "keyId constraints.encryptionContextSubset" {
		t.Fatalf("Missing = %q", got)
	}
}
