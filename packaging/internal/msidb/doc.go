// Package msidb reads Windows Installer databases in process (tables and
// summary information: read.go, summaryread.go, with msiinfo only for
// strings in a codepage it does not convert) and patches them with Debian's
// msitools (msibuild), plus the patches msitools cannot make in place: the
// summary-information timestamps and package code (summarytimes.go,
// packagecode.go). The compound file under the tables is packaging/internal/cfb's.
// Other packaging stages use it to build (packaging/internal/msi) and check
// (packaging/internal/msilint) an MSI.
package msidb
