package main

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
)

// floorKind is the least a Go server can do for a KMS call: net/http
// reading the request and writing a fixed answer, no signature checked,
// no key read, nothing sealed. It runs this program again with
// -serve-floor. Its CPU per call is what net/http and the kernel cost
// every Go server here, so amity's figure minus the floor's is what
// amity adds, and a target below the floor is out of reach while amity
// serves through net/http. Its CreateKey is durable as amity's is: the
// answer waits for a record of the key in a log synced to disk (journal),
// so its throughput is the most any server that acknowledges only what is
// on disk reaches on this machine with as many clients.
var floorKind = &kind{
	name: "net/http floor",
	command: func(binary, addr, dir string) *exec.Cmd {
		return exec.Command(binary, "-serve-floor", addr, "-floor-dir", dir)
	},
	probe: localKMSKind.probe,
}

// floorAnswers are the fixed answers, by X-Amz-Target, in the shape and
// about the size of amity's.
var floorAnswers = map[string]string{
	"TrentService.Encrypt": `{"CiphertextBlob":"` + base64.StdEncoding.EncodeToString(make([]byte, 184)) +
		`","EncryptionAlgorithm":"SYMMETRIC_DEFAULT","KeyId":"` + floorKeyARN + `"}`,
	"TrentService.CreateKey": `{"KeyMetadata":{"AWSAccountId":"` + account + `","Arn":"` + floorKeyARN +
		`","CreationDate":1.7647e9,"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","Description":"","Enabled":true,` +
		`"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"KeyId":"` + floorKeyID + `","KeyManager":"CUSTOMER",` +
		`"KeySpec":"SYMMETRIC_DEFAULT","KeyState":"Enabled","KeyUsage":"ENCRYPT_DECRYPT","MultiRegion":false,"Origin":"AWS_KMS"}}`,
	"TrentService.ListKeys": `{"Keys":[],"Truncated":false}`,
}

const (
	floorKeyID  = "0d2a9b5c-6c3e-4b7e-9a51-2f4f1c9e8d10"
	floorKeyARN = "arn:aws:kms:us-east-1:" + account + ":key/" + floorKeyID
)

// serveFloor is the floor server's whole program, its log in dir.
func serveFloor(addr, dir string) error {
	if dir == "" {
		return errors.New("-serve-floor needs -floor-dir, where its log goes")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	log, err := openJournal(filepath.Join(dir, "journal"))
	if err != nil {
		return err
	}
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		target := r.Header.Get("X-Amz-Target")
		answer, ok := floorAnswers[target]
		if !ok {
			http.Error(w, `{"__type":"UnknownOperationException"}`, http.StatusBadRequest)
			return
		}
		// The key's record, about the size of amity's.
		if target == "TrentService.CreateKey" {
			if err := log.append([]byte(answer)); err != nil {
				http.Error(w, `{"__type":"KMSInternalException"}`, http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "8f5e3c1a-1b2c-4d5e-8f90-0a1b2c3d4e5f")
		_, _ = io.WriteString(w, answer)
	}))
}
