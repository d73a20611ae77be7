package msi

import (
	"bytes"
	"embed"
	"fmt"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// The hardened WiX source and the Error table, rendered from the product
// file at every build: a fix to them reaches every product built with this
// svcpack. Embedded, so `go tool svcpack msi` needs nothing else from this
// repository.
//
//go:embed template
var templates embed.FS

// Names of the rendered inputs in the staging folder.
const (
	stagedErrors = "errors.idt"
	wxsTemplate  = "service.wxs.tmpl"
	idtTemplate  = "Error.idt.tmpl"
)

// componentID prefixes the rendered source's identifiers (ServiceExe, the
// File key the custom actions run): the same for every product, so that no
// product's name is in an identifier.
const componentID = "Service"

// wxsValues fill the templates.
type wxsValues struct {
	Name, Company string
	ID            string // prefix of the identifiers
	// The components' GUIDs, UUIDv5 of the upgrade code and the role: the
	// same for every build of the product, another for every product.
	ExeGUID, EventSourceGUID, RememberedGUID, CrashDumpsGUID string
	FolderCheck                                              string // INSTALLFOLDER's condition
	URL                                                      string // signing.url: the ARP links; "": none
	Settings                                                 []settingRows
	Seq                                                      fixedSequence
	// Dependencies are service.dependencies: ServiceDependency children
	// of the ServiceInstall (names the product's allowlist passed).
	Dependencies []string
	// Wrap: the product is a wrapped program; the source installs the
	// files stageWrap generates a component group for.
	Wrap bool
}

// settingRows are the rows of one public property that reaches a program
// setting (svcpack.yaml: a property with setting:).
type settingRows struct {
	Property string // LISTEN
	Setting  string // listen
	ID       string // Listen: the suffix of its actions' and searches' identifiers
	// Check is the condition that refuses a given value of the wrong shape,
	// Message the sentence it shows, both XML-escaped as they stand in the
	// source; Example is a good example for the Error table, escaped for
	// formatted text.
	Check, Message, Example string
	Seq                     settingSequence
}

// RenderWXS is the WiX source svcpack's template gives for p: what `svcpack
// msi` compiles when svcpack.yaml has no wxs:, and where a team that
// customizes starts from.
func RenderWXS(p *product.Product) ([]byte, error) {
	v, err := wxsValuesFor(p)
	if err != nil {
		return nil, err
	}
	return render(wxsTemplate, v)
}

// renderErrorTable is the Error table (.idt) that goes with RenderWXS: the
// text of error 1722, which Windows logs when the configure action fails,
// names the properties and their expected forms.
func renderErrorTable(p *product.Product) ([]byte, error) {
	v, err := wxsValuesFor(p)
	if err != nil {
		return nil, err
	}
	return render(idtTemplate, v)
}

// stageSources stages the exe, the icon and the WiX source in dir: the
// team's own (opts.WXS), or svcpack's template rendered for p with its Error
// table. It returns the tables to import, the rendered one first so that a
// team's own wix/*.idt can replace it.
func stageSources(dir string, opts Options, p *product.Product) ([]string, error) {
	inputs := map[string]string{stagedExe: opts.Exe, stagedIcon: opts.Icon}
	if opts.WXS != "" {
		inputs[stagedWXS] = opts.WXS
		return opts.Tables, stage(dir, opts.Version.Time, inputs)
	}
	errTable, err := stageRendered(dir, p)
	if err != nil {
		return nil, err
	}
	return append([]string{errTable}, opts.Tables...), stage(dir, opts.Version.Time, inputs)
}

// stageRendered writes the WiX source and the Error table rendered for p
// into dir, and returns the table's path.
func stageRendered(dir string, p *product.Product) (string, error) {
	wxs, err := RenderWXS(p)
	if err != nil {
		return "", err
	}
	idt, err := renderErrorTable(p)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(filepath.Join(dir, stagedWXS), wxs); err != nil {
		return "", err
	}
	path := filepath.Join(dir, stagedErrors)
	return path, atomicfile.Write(path, idt)
}

func wxsValuesFor(p *product.Product) (wxsValues, error) {
	v := wxsValues{
		Name: p.Name, Company: p.Company, ID: componentID,
		FolderCheck: folderCheck(), URL: p.Signing.URL, Wrap: p.Wrap != nil,
		Dependencies: p.Service.Dependencies,
	}
	for _, c := range []struct {
		dst  *string
		role string
	}{{&v.ExeGUID, "exe"}, {&v.EventSourceGUID, "event-source"}, {&v.RememberedGUID, "remembered"}, {&v.CrashDumpsGUID, "crash-dumps"}} {
		g, err := uuidV5(p.UpgradeCode, "component/"+c.role)
		if err != nil {
			return v, fmt.Errorf("render the WiX source: upgrade_code: %w", err)
		}
		*c.dst = strings.Trim(g, "{}")
	}
	for i, prop := range p.Properties {
		if prop.Setting == "" {
			continue
		}
		s, err := settingRowsFor(prop)
		if err != nil {
			return v, fmt.Errorf("render the WiX source: properties[%d] (%s): %w", i, prop.Name, err)
		}
		v.Settings = append(v.Settings, s)
	}
	var err error
	if v.Seq, err = allocateSequence(v.Settings); err != nil {
		return v, fmt.Errorf("render the WiX source: %w", err)
	}
	return v, nil
}

func render(name string, v wxsValues) ([]byte, error) {
	t, err := template.ParseFS(templates, "template/"+name)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// Changeable lists the properties a repair may change through the registry,
// joined by sep ("and", "or"): the setting properties, then STARTTYPE.
func (v wxsValues) Changeable(sep string) string {
	var names []string
	for _, s := range v.Settings {
		names = append(names, s.Property)
	}
	names = append(names, product.StartTypeProperty)
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + sep + " " + names[len(names)-1]
}

// FirstChangeable is the property ChangeNeedsRegistry's example names.
func (v wxsValues) FirstChangeable() string {
	if len(v.Settings) > 0 {
		return v.Settings[0].Property
	}
	return product.StartTypeProperty
}

// DependencyIDs are the ServiceDependency Ids of service.dependencies as
// the WiX source must spell them: $ doubled, as the preprocessor reads a
// lone $ as the start of a variable and drops it (wixl wrote MSSQL$X as
// MSSQLX). The lint compares the built column with the product file.
func (v wxsValues) DependencyIDs() []string {
	ids := make([]string, len(v.Dependencies))
	for i, d := range v.Dependencies {
		ids[i] = strings.ReplaceAll(d, "$", "$$")
	}
	return ids
}

// folderCheck is InvalidInstallFolder's condition: a value given that does
// not start with a drive letter, colon and backslash. The condition language
// has no character classes, so the drives are listed.
func folderCheck() string {
	var drives []string
	for c := 'A'; c <= 'Z'; c++ {
		drives = append(drives, fmt.Sprintf(`INSTALLFOLDER ~&lt;&lt; "%c:\"`, c))
	}
	return "INSTALLFOLDER AND NOT (" + strings.Join(drives, " OR ") + ")"
}
