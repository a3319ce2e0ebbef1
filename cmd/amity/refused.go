//go:build !windows

package main

import "syscall"

// errRefused is the error of a connection nothing listens for.
const errRefused = syscall.ECONNREFUSED
