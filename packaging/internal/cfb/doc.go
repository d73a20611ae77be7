// Package cfb reads and writes OLE compound files ([MS-CFB]), the container
// of Windows Installer packages and transforms: one set of the format's
// definitions (header.go, entry.go) serves the writer (write.go) and the
// reader (read.go, streams.go).
//
// The writer makes version 3 files whose root storage holds streams only,
// the shape of a transform; Go has compound-file readers but no well-kept
// writer, and msitools writes only whole databases. The reader maps a
// stream's bytes to file offsets, so that a caller can also patch a stream
// in place (packaging/internal/msidb stamps an MSI's summary that way); it reads a
// file in memory or sector by sector from disk, and takes hostile files.
package cfb
