package cli

import (
	"flag"

	"github.com/svcpack/svcpack/packaging/internal/version"
	"github.com/svcpack/svcpack/service/clip"
)

// versionFlag is --version as packaging/internal/version parses it, the zero Info
// when not given; a malformed one is a usage error, before anything runs.
func versionFlag(fs *flag.FlagSet) (version.Info, error) {
	v := fs.Lookup("version").Value.String()
	if v == "" {
		return version.Info{}, nil
	}
	info, err := version.Parse(v)
	if err != nil {
		return version.Info{}, usagef("--version %s: want %s", clip.Quote(v), version.Forms)
	}
	return info, nil
}
