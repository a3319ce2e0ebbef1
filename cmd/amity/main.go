// Command amity is AWS's encrypted-image system — KMS, IAM, STS, EC2/EBS,
// Image Builder, CloudTrail — running locally for any unmodified AWS client.
//
//	amity serve [--listen ADDR] [--data-dir DIR] [--strict] [--bootstrap FILE] [--log-level LEVEL]
//	amity accounts create [--id ACCOUNT] [--regions r1,r2] [--endpoint URL] [--data-dir DIR]
//	amity doctor [image ARN | instance ID | snapshot ID | event EVENT-OR-REQUEST-ID] [--json]
//	amity scenario list | run NAME|FILE [--fixed] [--endpoint-url URL] [--json]
//	amity version
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	os.Exit(exitCode(run(os.Args[1:])))
}

// exitCode prints err, if any, and says amity's exit status for it.
func exitCode(err error) int {
	var e *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &e):
		if e.err != nil {
			fmt.Fprintln(os.Stderr, "amity:", e.err)
		}
		return e.code
	}
	fmt.Fprintln(os.Stderr, "amity:", err)
	return 1
}

const usage = `amity runs AWS's encrypted-image system locally.

Usage:
  amity serve [flags]            run the server (default 127.0.0.1:4566)
  amity accounts create [flags]  create an account and print its root credentials
  amity doctor [KIND ID]         explain a failure and its minimal fixes
  amity scenario list | run NAME run a seed article's scenario, failing or --fixed
  amity version                  print the version

Run "amity COMMAND -h" for a command's flags.
`

func run(args []string) error {
	if len(args) == 0 {
		fmt.Print(usage)
		return nil
	}
	switch args[0] {
	case "serve":
		return serve(args[1:])
	case "accounts":
		if len(args) < 2 || args[1] != "create" {
			return fmt.Errorf("usage: amity accounts create [flags]")
		}
		return createAccount(args[2:])
	case "doctor":
		cmd := newDoctorCommand()
		cmd.SetArgs(args[1:])
		return cmd.Execute()
	case "scenario":
		cmd := newScenarioCommand()
		cmd.SetArgs(args[1:])
		return cmd.Execute()
	case "version":
		return printVersion()
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", args[0], usage)
}
