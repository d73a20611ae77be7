package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

var checkCommand = &command{
	name:    "check",
	summary: "validate svcpack.yaml and print what it describes",
	usage:   "[--product FILE] [--render-wxs FILE]",
	help: `Loads the product file and checks every key: unknown keys, values of the wrong type, values outside
their allowlist, good examples a property's pattern refuses and bad ones it accepts are errors, each
naming the key's path, its line, the value and the expected form. The one other file it reads is the
main package's ` + product.SettingsGoName + ` if there is one: it must be what ` + "`svcpack settings`" + ` writes.
It renders svcpack's WiX template for the product too (in memory), so that a property whose pattern
gives the install no first check is refused here rather than by svcpack msi.
On success it prints a summary of the product.

To customize the MSI (an opt-in: every product is built from svcpack's template unless svcpack.yaml
says wxs:), --render-wxs writes the source rendered for the product to a new FILE: edit it and set
wxs: to its path. svcpack msi then builds that source as it is, and the lint still checks every
rule, each property's rows included; a later fix to svcpack's template no longer reaches it.`,
	flags: func(fs *flag.FlagSet) {
		fs.String("render-wxs", "", "write the WiX source rendered for the product to this new `file` (to customize it)")
	},
	run: runCheck,
}

// loadProduct loads the file --product names; any failure is exit 3.
func loadProduct(fs *flag.FlagSet) (*product.Product, error) {
	p, err := product.Load(fs.Lookup("product").Value.String())
	if err != nil {
		return nil, productError{err}
	}
	return p, nil
}

func runCheck(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("check takes no arguments, got %q", args[0])
	}
	p, err := loadProduct(fs)
	if err != nil {
		return err
	}
	wxs, err := msi.RenderWXS(p)
	if err != nil {
		return productError{fmt.Errorf("%s: %w", p.File(), err)}
	}
	if out := fs.Lookup("render-wxs").Value.String(); out != "" {
		if err := writeNew(out, wxs); err != nil {
			return fmt.Errorf("--render-wxs: %w (an existing file is never replaced)", err)
		}
		fmt.Fprintf(e.stdout, "wrote %s: set wxs: in %s to its path (relative to the product file's folder) to build it\n", out, p.File())
	}
	declared, err := checkDeclarations(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: valid\n", p.File())
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	row := func(k, format string, args ...any) {
		fmt.Fprintf(w, "  %s\t"+format+"\n", append([]any{k}, args...)...)
	}
	row("product", "%s (%s), by %s", p.Name, p.DisplayName, p.Company)
	row("upgrade code", "%s", p.UpgradeCode)
	row("main package", "%s", p.Main)
	if p.WXS != "" {
		row("WiX source", "%s, the team's own (icon %s)", p.WXS, p.Icon)
	} else {
		row("WiX source", "svcpack's template, rendered from this file at build time (icon %s)", p.Icon)
	}
	row("MSIs", "%s for %s", p.MSIName("VERSION", "ARCH"), strings.Join(p.Architectures, ", "))
	r := p.Service.Recovery
	restart := "never restarted"
	if len(r.RestartDelays) > 0 {
		restart = "restarted after " + durations(r.RestartDelays) + ", counting again after " + r.ResetPeriod.String()
	}
	row("service", `%s as %s, start %s; %s`, p.Name, p.Service.Account, p.Service.Start, restart)
	row("registry key", `HKLM\%s (the installer's channel to the program)`, p.InstallerKey())
	// WER's LocalDumps key names a file name, not a path: said here, where
	// the name is chosen, since svcpack cannot know what else runs on the
	// machines (docs/install-behaviour.md, "Crash dumps").
	row("crash dumps", `WER keeps the newest %d %s dumps of %s in %s; of every program named %s on the machine, whatever its folder`,
		p.CrashDumps.Count, p.CrashDumps.Type, p.ExeName(), p.DumpFolder(), p.ExeName())
	if len(p.Service.Settings) > 0 {
		row("settings", "%s", strings.Join(p.Service.Settings, ", "))
	}
	if declared {
		row("settings declared", "%s matches (service/settings)", p.SettingsGoPath())
	}
	for _, prop := range p.Properties {
		var what []string
		if prop.Setting != "" {
			what = append(what, "setting "+prop.Setting)
		}
		if prop.Remembered {
			what = append(what, "remembered")
		}
		if prop.AppliesTo == product.Uninstall {
			what = append(what, "on uninstall")
		}
		what = append(what, fmt.Sprintf("%d good and %d bad examples checked", len(prop.Examples.Good), len(prop.Examples.Bad)))
		row("property "+prop.Name, "%s", strings.Join(what, ", "))
	}
	row("signing", "%q %s", p.Signing.Description, p.Signing.URL)
	req := p.Smoke.Request
	row("smoke", "%s: %s answers 200, %s %s answers %d", p.Smoke.Address, p.Smoke.Health, req.Method, req.Path, req.Status)
	if wr := p.Wrap; wr != nil {
		args := make([]string, len(wr.Args))
		for i, a := range wr.Args {
			args[i] = strconv.Quote(a)
		}
		row("wrapped program", "%s [%s], run by svcwrap as %s with %s", wr.Program, strings.Join(args, " "), p.ExeName(), p.ConfigName())
		row("wrapped files", "%s (into INSTALLFOLDER)", strings.Join(wr.Files, ", "))
		for _, name := range p.Service.Settings {
			row("wrapped setting "+name, "reaches the program as %%%s%%", wr.Settings[name].Env)
		}
	}
	for _, pol := range p.Policy {
		row("policy "+pol.Setting, `%s, HKLM\%s\%s, applied on %s`, pol.Type, p.PolicyKey(), pol.Setting, pol.Apply)
	}
	return w.Flush()
}

func durations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String()
	}
	return strings.Join(s, ", ")
}
