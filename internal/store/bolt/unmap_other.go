//go:build !linux

package bolt

// dropMapped does nothing: the resident pages unmapPages lets go of are
// those Linux maps in large folios around each page read.
func dropMapped(addr, n uintptr) {}
