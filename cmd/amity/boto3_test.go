package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// debianPython is the interpreter Debian's python3-boto3 installs for.
const debianPython = "/usr/bin/python3"

// boto3Script drives amity with boto3: who am I, a user and its key, a
// denied call, and a KMS round trip. It prints one JSON object.
const boto3Script = `
import boto3, botocore, json, os
ep = os.environ["AMITY_URL"]
def session(key, secret):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
root = session("111122223333", "test")
arn = root.client("sts", endpoint_url=ep).get_caller_identity()["Arn"]
iam = root.client("iam", endpoint_url=ep)
iam.create_user(UserName="py")
key = iam.create_access_key(UserName="py")["AccessKey"]
denied = None
try:
    session(key["AccessKeyId"], key["SecretAccessKey"]).client("iam", endpoint_url=ep).list_users()
except botocore.exceptions.ClientError as e:
    denied = {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"],
              "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
kms = root.client("kms", endpoint_url=ep)
kid = kms.create_key()["KeyMetadata"]["KeyId"]
blob = kms.encrypt(KeyId=kid, Plaintext=b"from boto3", EncryptionContext={"purpose": "test"})["CiphertextBlob"]
plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "test"})["Plaintext"].decode()
print(json.dumps({"arn": arn, "denied": denied, "plaintext": plain}))
`

// TestBoto3 drives amity with boto3, where Debian's python3-boto3 is
// installed (.ci/run installs it).
func TestBoto3(t *testing.T) {
	if err := exec.Command(debianPython, "-c", "import boto3").Run(); err != nil {
		t.Skip("boto3 not installed for " + debianPython)
	}
	p := startAmity(t, t.TempDir())
	cmd := exec.Command(debianPython, "-c", boto3Script)
	cmd.Env = []string{"HOME=" + t.TempDir(), "AMITY_URL=http://" + p.addr, "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true"}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("boto3 script: %v", err)
	}
	var got struct {
		ARN    string
		Denied *struct {
			Code, Message string
			Status        int
		}
		Plaintext string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("boto3 output %s: %v", out, err)
	}
	if got.ARN != "arn:aws:iam::111122223333:root" || got.Plaintext != "from boto3" {
		t.Errorf("boto3 saw %+v", got)
	}
	want := "User: arn:aws:iam::111122223333:user/py is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action"
	if got.Denied == nil || got.Denied.Code != "AccessDenied" || got.Denied.Status != 403 || got.Denied.Message != want {
		t.Errorf("denied ListUsers = %+v", got.Denied)
	}
}
