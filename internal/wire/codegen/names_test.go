package codegen

import "testing"

func TestNames(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
		name     string
	}{
		{exported, "imageBuildVersionArn", "ImageBuildVersionArn", "exported"},
		{exported, "__listOf-string", "ListOfstring", "exported"},
		{exported, "2fa", "X2fa", "exported"},
		{lowerFirst, "AWSAccountId", "aWSAccountId", "lowerFirst"},
		{enumValueName, "SYMMETRIC_DEFAULT", "SymmetricDefault", "enumValueName"},
		{enumValueName, "gp2", "Gp2", "enumValueName"},
		{enumValueName, "PendingDeletion", "PendingDeletion", "enumValueName"},
		{enumValueName, "ECC_SECG_P256K1", "EccSecgP256k1", "enumValueName"},
		{enumValueName, "t2.micro", "T2Micro", "enumValueName"},
		{enumValueName, "", "Empty", "enumValueName"},
		{docLine, "<p>Creates a <code>key</code>. Then more.</p>", "Creates a key.", "docLine"},
		{docLine, "<p>A &amp; B</p><p>next</p>", "A & B next", "docLine"},
		{docLine, "", "", "docLine"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
