package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

var settingsCommand = &command{
	name:    "settings",
	summary: "write the program's settings declarations (" + product.SettingsGoName + ") from svcpack.yaml",
	usage:   "[--product FILE]",
	help: `Writes ` + product.SettingsGoName + ` into the main package (svcpack.yaml's main): the product's name and
company and each of service.settings with the pattern of the property that reaches it and its policy,
for service/settings (docs/settings.md). check and msi refuse to run while the file no longer matches
svcpack.yaml. Run it (or go generate) after changing a setting, a property's pattern or a policy.`,
	run: runSettings,
}

func runSettings(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("settings takes no arguments, got %q", args[0])
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	src, err := p.SettingsGo()
	if err != nil {
		return productError{fmt.Errorf("%s: %w", p.File(), err)}
	}
	if err := atomicfile.Write(p.SettingsGoPath(), src); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", p.SettingsGoPath())
	return nil
}

// checkDeclarations refuses a product whose main package holds settings
// declarations that no longer match it. A program without the file
// declares its settings some other way (its own manage.Settings), which
// nothing here can read.
func checkDeclarations(p *product.Product) (bool, error) {
	path := p.SettingsGoPath()
	if path == "" {
		return false, nil
	}
	have, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	want, err := p.SettingsGo()
	if err != nil {
		return false, err
	}
	if !bytes.Equal(have, want) {
		return false, productError{fmt.Errorf("%s does not match %s (a setting, a property's pattern, a policy or the name changed): "+
			"run `go tool svcpack settings` and rebuild the program", path, p.File())}
	}
	return true, nil
}
