package main

import (
	"flag"

	"github.com/svcpack/svcpack/packaging/version"
	"github.com/svcpack/svcpack/service/clip"
)

// versionFlag is --version as packaging/version normalizes it, "" when not
// given; a malformed one is a usage error.
func versionFlag(fs *flag.FlagSet) (string, error) {
	v := fs.Lookup("version").Value.String()
	if v == "" {
		return "", nil
	}
	info, err := version.Parse(v)
	if err != nil {
		return "", usagef("--version %s: want MAJOR.MINOR.PATCH[-N-gHASH]", clip.Quote(v))
	}
	return info.Version, nil
}
