package main

import "syscall"

// errRefused is the error of a connection nothing listens for: Winsock's
// WSAECONNREFUSED, which syscall.ECONNREFUSED (a value Go invents on
// Windows) does not match.
const errRefused = syscall.Errno(10061)
