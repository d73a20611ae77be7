// Package winname holds the Windows rules for names the pipeline turns into
// files, folders, registry keys and service names, so that svcpack.yaml's
// names, wrap.files and svcwrap's files are judged by one rule: whether
// Win32 maps a name to a device (IsDevice), and whether a name is one of the
// programs and services Windows itself runs (IsSystemProgram). Pure Go, no
// dependencies: the product file's checks run on any OS.
package winname
