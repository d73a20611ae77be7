// Package msidb reads Windows Installer databases in process (tables and
// summary information: read.go, summaryread.go, with msiinfo only for
// strings in a codepage it does not convert) and patches them with Debian's
// msitools (msibuild), plus the patches msitools cannot make in place: the
// summary-information timestamps and package code (summarytimes.go,
// packagecode.go). The compound file under the tables is packaging/cfb's.
// Other packaging stages use it to build (packaging/msi) and check
// (packaging/msilint) an MSI.
package msidb
