package cli

import (
	"context"
	"flag"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/admx"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/service/clip"
)

var admxCommand = &command{
	name:    "admx",
	summary: "write the Group Policy template (ADMX, en-US ADML, Central Store zip) for svcpack.yaml's policy",
	usage:   "[--product FILE] [-o DIR] [--version VERSION] [--manifest FILE]",
	help: `Writes the administrative template for the settings svcpack.yaml lists under policy:
DIR/<company>.<name>.admx, DIR/en-US/<company>.<name>.adml and DIR/<name>[_<version>]_admx.zip,
which holds them as PolicyDefinitions\*.admx and PolicyDefinitions\en-US\*.adml for a domain's
Central Store. Policies are machine policies under HKLM\Software\Policies\<company>\<name>, one
value per setting; the template references no other, and is checked against the rules of
Intune's ADMX import before anything is written (docs/policy.md).

With --manifest, deployment.json gets its policy section: the key, the zip and the files in it, and
each setting's name, type, registry type, when it applies and its allowed values. As goreleaser's
post-build hook, after svcpack msi:

  - cmd: go tool svcpack admx -o dist --version "{{ .Version }}" --manifest dist/deployment.json`,
	flags: func(fs *flag.FlagSet) {
		fs.String("o", ".", "the output `directory`")
		fs.String("version", "", "the release `version` for the zip's name (default: none in the name)")
		fs.String("manifest", "", "also write the policy section of this deployment.json `file` (created if missing)")
	},
	run: runADMX,
}

func runADMX(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("admx takes no arguments, got %s", clip.Quote(args[0]))
	}
	vi, err := versionFlag(fs)
	if err != nil {
		return err
	}
	v := vi.Version
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	start := time.Now()
	out, err := admx.Run(p, admx.Options{Dir: fs.Lookup("o").Value.String(), Version: v})
	if err != nil {
		return err
	}
	if m := fs.Lookup("manifest").Value.String(); m != "" {
		if err := deploy.SetPolicy(m, manifestPolicy(p, v)); err != nil {
			return err
		}
	}
	e.progress("wrote %s, %s and %s (%d policies) in %.2fs", out.ADMX, out.ADML, out.Zip, len(p.Policy), time.Since(start).Seconds())
	return nil
}
