package bolt

// mmapSize is bbolt's own default on Windows: there a map cannot be larger
// than its file, and bbolt grows the file to the map's size, so the
// gigabyte reserved elsewhere would be a gigabyte of disk for every data
// directory.
const mmapSize = 0
