// Package durable makes what was written survive a power loss, with each
// operating system's call for it: a file's data (Data) and a new entry
// in a directory (Dir). amity's log and its master key file use it; where
// an operating system has no such call, it does what that system's own
// databases do.
package durable
