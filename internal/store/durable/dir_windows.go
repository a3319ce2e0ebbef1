package durable

// Dir does nothing on Windows: a directory cannot be opened for the
// write access FlushFileBuffers needs, and NTFS journals its entries
// itself (bbolt and SQLite do not sync directories there either).
func Dir(dir string) error { return nil }
