// Command amity is AWS's encrypted-image system — KMS, IAM, STS, EC2/EBS,
// Image Builder, CloudTrail — running locally for any unmodified AWS client.
//
//	amity serve [--listen ADDR] [--data-dir DIR] [--strict] [--bootstrap FILE] [--log-level LEVEL]
//	amity accounts create [--id ACCOUNT] [--regions r1,r2] [--endpoint URL] [--data-dir DIR]
//	amity version
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "amity:", err)
		os.Exit(1)
	}
}

const usage = `amity runs AWS's encrypted-image system locally.

Usage:
  amity serve [flags]            run the server (default 127.0.0.1:4566)
  amity accounts create [flags]  create an account and print its root credentials
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
	case "version":
		return printVersion()
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", args[0], usage)
}
