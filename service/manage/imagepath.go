package manage

import (
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// A service is this program's when its ImagePath runs this program: the
// running executable, or the executable the adopter's Spec names. Nothing
// else identifies a service safely: another vendor may use the same service
// name and even the same file name. preflight, configure and uninstall refuse
// a service that is not this program's, so none of them takes over or
// deletes what this product did not create.

// imageExe returns the executable of the ImagePath image, as the ImagePath
// spells it, when that executable is one of exes; ok is false otherwise.
//
// A quoted ImagePath (`"C:\Program Files\X\x.exe" service run`, what Windows
// and `install` write) names the executable between the quotes. An unquoted
// one (`C:\Program Files\X\x.exe service run`, what Wine's InstallServices
// writes) is ambiguous where the path has spaces; Windows tries each prefix
// ending at a space in turn. Here a prefix counts only if it ends in .exe at
// the end of the ImagePath or before a space or tab, and names one of exes;
// the longest such prefix wins.
func imageExe(image string, exes []string) (exe string, ok bool) {
	image = strings.TrimLeft(image, " \t")
	if rest, quoted := strings.CutPrefix(image, `"`); quoted {
		end := strings.IndexByte(rest, '"')
		if end < 0 {
			return "", false
		}
		after := rest[end+1:]
		if after != "" && after[0] != ' ' && after[0] != '\t' {
			return "", false // `"C:\a"b.exe`: not one path
		}
		exe = rest[:end]
		return exe, namesOneOf(exe, exes)
	}
	for i := 0; i+4 <= len(image); i++ {
		if !strings.EqualFold(image[i:i+4], ".exe") {
			continue
		}
		end := i + 4
		if end < len(image) && image[end] != ' ' && image[end] != '\t' {
			continue
		}
		if namesOneOf(image[:end], exes) {
			exe, ok = image[:end], true
		}
	}
	return exe, ok
}

func namesOneOf(path string, exes []string) bool {
	p, ok := cleanWindowsPath(path)
	if !ok {
		return false
	}
	for _, e := range exes {
		if c, ok := cleanWindowsPath(e); ok && strings.EqualFold(p, c) {
			return true
		}
	}
	return false
}

// cleanWindowsPath makes an absolute Windows path comparable: `/` becomes `\`,
// a `\\?\` prefix goes, repeated separators and `.` collapse, `..` removes the
// component before it (never the drive or share). ok is false for a path that
// is not absolute by Windows rules. It works on Linux too, for the tests.
func cleanWindowsPath(p string) (string, bool) {
	p = strings.ReplaceAll(p, "/", `\`)
	if rest, ok := strings.CutPrefix(p, `\\?\`); ok {
		if unc, ok := strings.CutPrefix(rest, `UNC\`); ok {
			p = `\\` + unc
		} else {
			p = rest
		}
	}
	var root, rest string
	switch {
	case strings.HasPrefix(p, `\\`):
		parts := strings.SplitN(p[2:], `\`, 3)
		if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
			return "", false
		}
		root = `\\` + parts[0] + `\` + parts[1]
		if len(parts) == 3 {
			rest = parts[2]
		}
	case isAbsWindowsPath(p):
		root, rest = p[:2], p[3:]
	default:
		return "", false
	}
	var parts []string
	for _, c := range strings.Split(rest, `\`) {
		switch c {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, c)
		}
	}
	return root + `\` + strings.Join(parts, `\`), true
}

// owners is what counts as this program: the running executable and the
// adopter's Spec.Exe (not an --exe given now: a flag cannot claim a service).
func owners(e env, specExe string) ([]string, error) {
	self, err := e.host.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own executable: %w", err)
	}
	exes := []string{self}
	if specExe != "" {
		exes = append(exes, specExe)
	}
	return exes, nil
}

// foreignService is the refusal preflight, configure and uninstall share.
func foreignService(op, name, image string, exes []string) error {
	return exitcode.Wrap(exitcode.ForeignService, fmt.Errorf(
		"%s: service %q is not this program's: its ImagePath is %s, which does not run %s; nothing was changed. "+
			"This product does not take over or delete another program's service: remove that service if it is no longer needed "+
			"(sc.exe delete %s), or use a product with another service name. If it is a copy of this program installed elsewhere, "+
			"run this command from that copy",
		op, name, clip.Quote(image), clip.Quote(exes[0]), name))
}

// ownedService reads the open service's config and refuses a foreign one. It
// returns the config and the executable as the ImagePath spells it. h needs
// SERVICE_QUERY_CONFIG.
func ownedService(e env, h scHandle, op, name string, exes []string) (serviceConfig, string, error) {
	cfg, err := e.scm.QueryConfig(h)
	if err != nil {
		return cfg, "", scmError("query config of service", name, err, false)
	}
	exe, ok := imageExe(cfg.BinaryPath, exes)
	if !ok {
		return cfg, "", foreignService(op, name, cfg.BinaryPath, exes)
	}
	return cfg, exe, nil
}
