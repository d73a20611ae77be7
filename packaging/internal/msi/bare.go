package msi

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
)

// BareWixl stages opts' inputs in dir (created beforehand, left in place) and
// returns the wixl command that compiles them into opts.Out: Build's first
// step alone, with the same WiX source (rendered or the team's), exe, icon, variables, arch and codes, and
// none of the imports, fixups, stamps, lint or signature. It is the baseline
// `mage bench` holds the MSI stage to; opts.Product must be set.
func BareWixl(ctx context.Context, opts Options, dir string) (*exec.Cmd, error) {
	p := opts.Product
	if p == nil {
		return nil, errors.New("msi: BareWixl needs Options.Product")
	}
	code, err := productCode(p.UpgradeCode, opts.Version.Version, opts.Arch)
	if err != nil {
		return nil, err
	}
	if _, err := stageSources(dir, opts, p); err != nil {
		return nil, err
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return nil, err
	}
	return wixlCommand(ctx, dir, out, opts.Arch, opts.Version.MSI, code, Vars(p)), nil
}
