package cli

import (
	"context"
	"flag"
	"strings"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/transform"
)

var transformCommand = &command{
	name:    "transform",
	summary: "write a transform (.mst) that sets the MSI's properties for a site",
	usage:   "--set NAME=VALUE [--set NAME=VALUE]... -o FILE.mst MSI",
	help: `Writes a Windows Installer transform for MSI that sets public properties: what Group Policy
needs to give an assigned package its values (it passes no command line), and what SCCM and Intune
admins often prefer to a long command line. Apply it with:

  msiexec /i MSI TRANSFORMS=FILE.mst /qn

Only the product file's properties that are read at install may be set, each value matching the
property's pattern; every refusal names the property, the value and the pattern. The transform is
valid for this MSI's product and version only: msiexec refuses it (1624) on another product or
another release, so make one per release (docs/transforms.md).`,
	flags: func(fs *flag.FlagSet) {
		fs.Var(&settingsFlag{}, "set", "a property to set, `NAME=VALUE` (repeat for more)")
		fs.String("o", "", "the transform `file` to write")
	},
	run: runTransform,
}

// settingsFlag collects a repeated flag's values (--set, --add).
type settingsFlag struct{ values []string }

func (s *settingsFlag) String() string     { return strings.Join(s.values, " ") }
func (s *settingsFlag) Set(v string) error { s.values = append(s.values, v); return nil }

func runTransform(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) != 1 {
		return usagef("transform needs exactly one MSI, got %d arguments", len(args))
	}
	out := fs.Lookup("o").Value.String()
	if out == "" {
		return usagef("transform needs -o FILE.mst")
	}
	raw := fs.Lookup("set").Value.(*settingsFlag).values
	if len(raw) == 0 {
		return usagef("transform needs at least one --set NAME=VALUE")
	}
	var sets []transform.Setting
	for _, r := range raw {
		s, err := transform.ParseSetting(r)
		if err != nil {
			return usagef("--set %v", err)
		}
		sets = append(sets, s)
	}
	if err := atomicfile.NotInput(atomicfile.Named{Role: "-o", Path: out},
		atomicfile.Named{Role: "the MSI", Path: args[0]},
		atomicfile.Named{Role: "--product", Path: fs.Lookup("product").Value.String()}); err != nil {
		return usageError{err.Error()}
	}
	if err := deps.Check(deps.MSI...); err != nil {
		return err
	}
	if err := checkPackages(args); err != nil {
		return err
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	if err := transform.Check(p, sets); err != nil {
		return usageError{err.Error()}
	}
	target, err := transform.ReadTarget(ctx, args[0])
	if err != nil {
		return err
	}
	b, err := transform.Make(p, target, sets)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(out, b); err != nil {
		return err
	}
	e.progress("wrote %s: %d properties for %s %s (%s)", out, len(sets), p.Name, target.ProductVersion, target.ProductCode)
	return nil
}
