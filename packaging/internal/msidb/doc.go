// Package msidb reads Windows Installer databases in process (tables and
// summary information from the compound file: read.go, summaryread.go, with
// msiinfo only for strings in a codepage it does not convert) and patches
// them with Debian's msitools (msibuild), plus the one patch msitools cannot
// make: the summary-information timestamps (see cfb.go). Other packaging stages use it
// to build (packaging/internal/msi) and check (packaging/internal/msilint) an MSI.
package msidb
