package product

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/svcpack/svcpack/internal/winname"
	"github.com/svcpack/svcpack/internal/wrap"
)

// WrapperMain is the main package of a wrapped product: svcwrap, installed
// as <name>.exe. It is a module path, not ./cmd/…, so that `go build` finds
// it in any module that requires svcpack.
const WrapperMain = "github.com/svcpack/svcpack/cmd/svcwrap"

// ArchVar in a wrap.files path stands for the GOARCH the MSI is built for.
const ArchVar = "{arch}"

// Wrap is svcpack.yaml's wrap section: the program's files, then the keys
// of svcwrap's configuration file (wrap.FileBody, declared once in
// internal/wrap) but the service's names, which are the product's. Each
// setting's pattern comes from the property whose setting names it, so
// wrap.settings.<name>.pattern is refused (refusedKeys). Durations and
// sizes stay text: svcwrap's own parser checks the <name>.yaml the pipeline
// renders from this section, so the product file cannot describe a config
// the wrapper would refuse.
type Wrap struct {
	// Files are the program's files, relative to svcpack.yaml's folder, with
	// {arch} replaced by the GOARCH; each is installed under its base name
	// in INSTALLFOLDER beside <name>.exe and <name>.yaml. Program is the
	// base name of one of them, or the absolute path of a program the
	// machine has already.
	Files         []string `yaml:"files"`
	wrap.FileBody `yaml:",inline"`
}

// WrapFile is one of the program's files for one architecture.
type WrapFile struct {
	Name   string // the installed name, in INSTALLFOLDER
	Source string // the file to package
}

// ConfigName is the wrapper's configuration file's name: <name>.yaml
// beside <name>.exe (svcwrap reads its own name with .yaml).
func (p *Product) ConfigName() string { return p.Name + ".yaml" }

// WrapFiles are the program's files for arch, their sources resolved from
// the product file's folder; nil for a product that is not wrapped.
func (p *Product) WrapFiles(arch string) []WrapFile {
	if p.Wrap == nil {
		return nil
	}
	dir := path.Dir(strings.ReplaceAll(p.file, `\`, "/"))
	var out []WrapFile
	for _, f := range p.Wrap.Files {
		f = strings.ReplaceAll(f, ArchVar, arch)
		out = append(out, WrapFile{Name: path.Base(f), Source: path.Join(dir, f)})
	}
	return out
}

// WrapConfig renders <name>.yaml, svcwrap's configuration file, from the
// wrap section: the product's names, the section's keys, and each
// setting's pattern from its property.
func (p *Product) WrapConfig() ([]byte, error) {
	if p.Wrap == nil {
		return nil, fmt.Errorf("render %s: %s has no wrap section", p.ConfigName(), p.file)
	}
	f := wrap.File{Name: p.Name, DisplayName: p.DisplayName, Description: p.Description, FileBody: p.Wrap.FileBody}
	f.Settings = make(map[string]wrap.FileSetting, len(p.Wrap.Settings))
	for name, s := range p.Wrap.Settings {
		s.Pattern = p.settingPattern(name)
		f.Settings[name] = s
	}
	body, err := yaml.Marshal(f)
	if err != nil {
		return nil, err
	}
	return append([]byte("# "+p.ConfigName()+": svcwrap's configuration, rendered by svcpack from "+path.Base(p.file)+"'s wrap section.\n"+
		"# Rebuild the MSI to change it (docs/wrapper.md).\n"), body...), nil
}

// settingPattern is the pattern of the property that reaches setting.
func (p *Product) settingPattern(setting string) string {
	for _, prop := range p.Properties {
		if prop.Setting == setting {
			return prop.Pattern
		}
	}
	return ""
}

// wrapDefaults: a wrapped product's main is svcwrap and its settings are
// wrap.settings' names.
func (p *Product) wrapDefaults() {
	if p.Wrap == nil {
		return
	}
	if p.Main == "" {
		p.Main = WrapperMain
	}
	if !p.settingsGiven {
		p.Service.Settings = nil
		for name := range p.Wrap.Settings {
			p.Service.Settings = append(p.Service.Settings, name)
		}
		slices.Sort(p.Service.Settings)
	}
}

var (
	// A wrap.files entry: relative to svcpack.yaml's folder, forward
	// slashes, names of letters, digits and _ . - or {arch}.
	wrapFileRE = regexp.MustCompile(`^([A-Za-z0-9_{][A-Za-z0-9_.{}-]*/)*[A-Za-z0-9_{][A-Za-z0-9_.{}-]*$`)
	// wrapErrKey is the key that starts one of internal/wrap's messages.
	wrapErrKey = regexp.MustCompile(`^([a-z_]+(\.[A-Za-z0-9_]+|\[[0-9]+\])*): `)
)

// windowsNameProblem says what makes base a name Windows would not install
// as written, or one that changes how the wrapper exe is loaded; "" if none.
// Win32 drops a trailing dot, so "x.exe." would land on x.exe.
func windowsNameProblem(base, exe string) string {
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(base, "."):
		return "a name that does not end in a dot: Windows drops it, and the file would land on another name"
	case winname.IsDevice(base):
		return "a name that is not a device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$, CONOUT$, with any extension): Windows opens the device instead"
	case lower == strings.ToLower(exe)+".manifest" || lower == strings.ToLower(exe)+".config" || lower == strings.ToLower(exe)+".local":
		return "a name other than " + base + ": it changes how Windows loads the wrapper " + exe
	}
	return ""
}

// wrap checks the wrap section: what only the product file has (files,
// program among them, settings against the properties), then the rendered
// <name>.yaml with svcwrap's own parser.
func (c *checker) wrap() {
	p, w := c.p, c.p.Wrap
	names := map[string]string{}
	for _, own := range []string{p.ExeName(), p.ConfigName()} {
		names[strings.ToLower(own)] = "the wrapper's own " + own
	}
	if len(w.Files) == 0 {
		c.missing("wrap.files", "the program's files, relative to "+FileName+"'s folder ({arch} for the GOARCH), such as [bin/{arch}/myprog.exe]")
	}
	for i, f := range w.Files {
		key := fmt.Sprintf("wrap.files[%d]", i)
		clean := path.Clean(f)
		if !wrapFileRE.MatchString(f) || clean != f || strings.Contains(strings.ReplaceAll(f, ArchVar, ""), "{") ||
			strings.Contains(strings.ReplaceAll(f, ArchVar, ""), "}") || slices.Contains(strings.Split(f, "/"), "..") {
			c.bad(key, f, "a path relative to "+FileName+"'s folder with / between names of letters, digits and _ . - (no name starting with a dot), {arch} for the GOARCH")
			continue
		}
		base := path.Base(f)
		if msg := windowsNameProblem(base, p.ExeName()); msg != "" {
			c.bad(key, f, msg)
			continue
		}
		if strings.Contains(base, ArchVar) {
			c.bad(key, f, "{arch} in a folder, not in the file name: the installed name is the same for every architecture")
			continue
		}
		if other, dup := names[strings.ToLower(base)]; dup {
			c.bad(key, f, "a file name of its own: "+base+" is "+other+" (Windows names have no case)")
			continue
		}
		names[strings.ToLower(base)] = key
	}
	// The program's path by svcwrap's own rule (wrap.CheckPath), which its
	// parser applies to the rendered config too; relative, it is one of the
	// files, installed beside the wrapper.
	kind, why := wrap.CheckPath(w.Program)
	switch {
	case w.Program == "":
		c.missing("wrap.program", "the base name of one of wrap.files (myprog.exe), or the absolute path of a program the machine has")
	case kind == wrap.PathInvalid:
		c.bad("wrap.program", w.Program, "the base name of one of wrap.files, or "+wrap.PathForm+"; this is "+why)
	case kind == wrap.PathAbsolute:
	case strings.ContainsAny(w.Program, `/\`):
		c.bad("wrap.program", w.Program, "the base name of one of wrap.files, or an absolute path such as C:\\Program Files\\nodejs\\node.exe")
	default:
		if k, ok := names[strings.ToLower(w.Program)]; !ok || !strings.HasPrefix(k, "wrap.files") {
			c.bad("wrap.program", w.Program, "the base name of one of wrap.files ("+strings.Join(c.wrapFileNames(), ", ")+"), or an absolute path")
		}
	}
	c.wrapSettings()
	c.wrapCommandPrograms(names)
	cfg, err := p.WrapConfig()
	if err != nil {
		c.errs.add(c.line("wrap"), "wrap", err.Error())
		return
	}
	_, err = wrap.Parse(cfg, `C:\Program Files\`+p.Company+`\`+p.Name, p.Name)
	if err == nil {
		return
	}
	// internal/wrap joins its problems with "; ", each starting with the key.
	var parts []string
	for _, part := range strings.Split(err.Error(), "; ") {
		if wrapErrKey.MatchString(part) || len(parts) == 0 {
			parts = append(parts, part)
		} else {
			parts[len(parts)-1] += "; " + part
		}
	}
	for _, part := range parts {
		key, msg := "wrap", part
		if m := wrapErrKey.FindStringSubmatch(part); m != nil && !strings.HasPrefix(m[1], "name") {
			key, msg = "wrap."+m[1], strings.TrimPrefix(part, m[0])
		}
		if key == "wrap.program" && kind == wrap.PathInvalid {
			continue // said above, by the same rule
		}
		c.errs.add(c.line(key), key, msg+" (svcwrap's check of the rendered "+p.ConfigName()+")")
	}
}

func (c *checker) wrapFileNames() []string {
	var out []string
	for _, f := range c.p.Wrap.Files {
		out = append(out, shown(path.Base(f), maxShownName))
	}
	return out
}

// wrapSettings: a wrapped product's settings are wrap.settings; each
// property's setting names one, and each has a property (its pattern).
func (c *checker) wrapSettings() {
	p := c.p
	if p.settingsGiven {
		c.bad("service.settings", strings.Join(p.Service.Settings, ", "), "no service.settings in a wrapped product: its settings are wrap.settings' names")
	}
	reached := map[string]bool{}
	for i, prop := range p.Properties {
		if prop.Setting == "" {
			continue
		}
		reached[prop.Setting] = true
		if _, ok := p.Wrap.Settings[prop.Setting]; !ok {
			c.bad(fmt.Sprintf("properties[%d].setting", i), prop.Setting, "one of wrap.settings: add wrap.settings."+prop.Setting+" with the env variable that carries it to the program")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Wrap.Settings)) {
		if !reached[name] {
			key := "wrap.settings." + name
			c.errs.add(c.line(key), key, "has no property: add one with setting: "+name+" (its pattern is the setting's allowlist)")
		}
	}
}
