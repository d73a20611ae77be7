// Package msidb reads and patches Windows Installer databases with Debian's
// msitools (msiinfo, msibuild), plus the one patch msitools cannot make: the
// summary-information timestamps (see cfb.go). Other packaging stages use it
// to build (packaging/msi) and check (packaging/msilint) an MSI.
package msidb
