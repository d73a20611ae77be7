package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// template holds what init writes: the product file, the ARP icon and the
// main.go skeleton. Embedded, so `go tool svcpack init` needs nothing else
// from this repository. No WiX: `svcpack msi` renders svcpack's template
// (packaging/internal/msi/template) from the product file at every build.
//
//go:embed template
var templates embed.FS

var initCommand = &command{
	name:    "init",
	summary: "start packaging a service: write svcpack.yaml (a fresh upgrade code), the icon, .goreleaser.yaml and a main.go skeleton",
	usage:   "--name NAME --company COMPANY [--main ./cmd/NAME | --wrap PROGRAM.exe] [--display-name TEXT] [--description TEXT] [--dir DIR] | --goreleaser [--dir DIR]",
	help: `Run once at the root of your module. Writes, and refuses to overwrite:

  svcpack.yaml       the product file: the names, a fresh upgrade code, the main package, and the three
                     properties every svcpack MSI defines (STARTTYPE, INSTALLFOLDER, REMOVEDATA) with
                     their allowlists and examples
  wix/NAME.ico       the Add/Remove Programs icon (a placeholder: replace it with yours)
  .goreleaser.yaml   the release: the exe per architecture, svcpack msi, admx and the channels as
                     post-build hooks (those svcpack.yaml does not enable yet commented out), the zips,
                     checksums.txt; only if no goreleaser configuration exists (then it is kept)
  MAIN/main.go       a service calling service.Run, only if the main package has no .go file yet

No WiX source: svcpack msi renders svcpack's hardened template from svcpack.yaml at every build
(constant custom-action command lines, values through HKLM\SOFTWARE\COMPANY\NAME, launch-condition
checks, preflight, configure and remove-data, and every property's rows), so a fix to the template
reaches your product with the next svcpack.

With --wrap PROGRAM.exe the product is a program that knows nothing about services, run by svcwrap
(docs/wrapper.md): svcpack.yaml gets a wrap section (files: [bin/{arch}/PROGRAM.exe], program: PROGRAM.exe,
a health check on smoke's address and path, so an install whose address is taken fails), the MSI installs
the wrapped program's files, and no main.go is written.

If any of them exists, or a folder on the way is a link, nothing is written and each existing one
is named (exit 1). The name and
company go through the product file's allowlists (exit 2 if refused). It then prints the next
commands.

With --goreleaser, init writes nothing: it prints the .goreleaser.yaml it would write for the
svcpack.yaml in --dir as that file is now (to start one, or to merge its hooks into yours).`,
	flags: func(fs *flag.FlagSet) {
		fs.String("name", "", "the service `name`: a letter, then up to 63 letters, digits, _ or - (required)")
		fs.String("company", "", "the `company`: Program Files\\COMPANY, HKLM\\SOFTWARE\\COMPANY (required)")
		fs.String("main", "", "the main `package`, relative to the module root (default ./cmd/NAME)")
		fs.String("display-name", "", "the service's display `name` (default NAME)")
		fs.String("description", "", "the service's `description` (default \"NAME, a Go program run as a Windows service.\")")
		fs.String("wrap", "", "a wrapped `program`'s file name (myprog.exe): svcwrap runs it as the service, no main.go")
		fs.String("dir", ".", "the module root to write into")
		fs.Bool("goreleaser", false, "print the .goreleaser.yaml for DIR/svcpack.yaml instead; write nothing")
	},
	noProduct: true,
	run:       runInit,
}

// initValues fill the templates.
type initValues struct {
	Name, Company, Main, DisplayName, Description string
	// The same values as YAML scalars (JSON strings are YAML), so that no
	// value can change the structure of svcpack.yaml before it is checked.
	NameYAML, CompanyYAML, MainYAML, DisplayNameYAML, DescriptionYAML string
	WrapProgramYAML, WrapFileYAML                                     string

	UpgradeCode string
	// Wrap: the product is a wrapped program (svcwrap runs it).
	Wrap bool
}

// flagOf names the flag a product file key came from.
var flagOf = map[string]string{
	"name": "--name", "company": "--company", "main": "--main",
	"display_name": "--display-name", "description": "--description", "signing.description": "--display-name",
	"wrap.program": "--wrap", "wrap.files[0]": "--wrap",
}

func runInit(_ context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if len(args) > 0 {
		return usagef("init takes flags only, got the argument %s", clip.Quote(args[0]))
	}
	if fs.Lookup("goreleaser").Value.String() == "true" {
		return printGoreleaser(e, fs)
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	for _, name := range []string{"name", "company"} {
		if get(name) == "" {
			return usagef("--%s is required", name)
		}
	}
	// The name and company are written into comments and paths of the
	// templates as they are: the allowlists first.
	if err := product.CheckName(get("name")); err != nil {
		return usagef("--name: %v", err)
	}
	if err := product.CheckCompany(get("company")); err != nil {
		return usagef("--company: %v", err)
	}
	v := initValues{
		Name: get("name"), Company: get("company"), Main: get("main"),
		DisplayName: get("display-name"), Description: get("description"),
		Wrap: get("wrap") != "",
	}
	wrapProgram := get("wrap")
	if v.Wrap && v.Main != "" {
		return usagef("--main and --wrap exclude each other: a wrapped product's main is svcwrap (%s)", product.WrapperMain)
	}
	if v.Wrap && strings.ContainsAny(wrapProgram, `/\`) {
		return usagef("--wrap %s: want the program's file name (myprog.exe); svcpack.yaml's wrap.files says where it is built", clip.Quote(wrapProgram))
	}
	if v.Main == "" && !v.Wrap {
		v.Main = "./cmd/" + v.Name
	}
	if v.DisplayName == "" {
		v.DisplayName = v.Name
	}
	if v.Description == "" {
		v.Description = v.Name + ", a Go program run as a Windows service."
	}
	for _, s := range []struct {
		dst *string
		src string
	}{
		{&v.NameYAML, v.Name}, {&v.CompanyYAML, v.Company}, {&v.MainYAML, v.Main},
		{&v.DisplayNameYAML, v.DisplayName}, {&v.DescriptionYAML, v.Description},
		{&v.WrapProgramYAML, wrapProgram}, {&v.WrapFileYAML, "bin/{arch}/" + wrapProgram},
	} {
		b, err := json.Marshal(s.src)
		if err != nil {
			return err
		}
		*s.dst = string(b)
	}
	var err error
	if v.UpgradeCode, err = newGUID(); err != nil {
		return err
	}

	yamlText, err := render("svcpack.yaml.tmpl", v)
	if err != nil {
		return err
	}
	// The product file's own checks are the allowlists: a value they refuse
	// is a bad flag. Nothing is written before this passes.
	p, err := product.Parse(product.FileName, yamlText)
	if err != nil {
		return usageError{flagProblems(err)}
	}
	if v.Wrap {
		v.Main = p.Main
	}
	if p.Name != v.Name || p.Company != v.Company || p.Main != v.Main || p.DisplayName != v.DisplayName || p.Description != v.Description {
		return fmt.Errorf("init: svcpack.yaml reads back other values than the flags gave: a bug in svcpack")
	}

	dir := get("dir")
	mainDir := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(v.Main, "./")))
	files := []initFile{{name: product.FileName, tmpl: "svcpack.yaml.tmpl"}}
	files = append(files, initFile{name: p.Icon, raw: "service.ico"})
	goFiles, err := filepath.Glob(filepath.Join(mainDir, "*.go"))
	if err != nil {
		return err
	}
	skipMain := len(goFiles) > 0
	if !skipMain && !v.Wrap {
		files = append(files, initFile{name: strings.TrimPrefix(v.Main, "./") + "/main.go", tmpl: "main.go.tmpl"})
	}
	keptGoreleaser, err := existingGoreleaser(dir)
	if err != nil {
		return err
	}
	if keptGoreleaser == "" {
		files = append(files, initFile{name: goreleaserFile})
	}

	// All or nothing: every target is checked before any is written.
	var exist []string
	for i := range files {
		f := &files[i]
		f.path = filepath.Join(dir, filepath.FromSlash(f.name))
		if link := linkedFolder(dir, f.name); link != "" {
			return fmt.Errorf("init: %s is a link: init writes %s only into real folders, never through a link to somewhere else; nothing was written", link, f.name)
		}
		if _, err := os.Lstat(f.path); err == nil {
			exist = append(exist, f.path)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("init: check %s: %w", f.path, err)
		}
		if f.raw != "" {
			f.data, err = templates.ReadFile("template/" + f.raw)
		} else if f.name == product.FileName {
			f.data = yamlText
		} else if f.name == goreleaserFile {
			f.data, err = renderGoreleaser(p)
		} else {
			f.data, err = render(f.tmpl, v)
		}
		if err != nil {
			return err
		}
	}
	if len(exist) > 0 {
		return fmt.Errorf("init: refusing to overwrite %s; nothing was written: move %s away (or keep your files and skip init)",
			strings.Join(exist, ", "), map[bool]string{true: "it", false: "them"}[len(exist) == 1])
	}
	// undo removes what this run made, newest first: the files, then the
	// folders it created (os.Remove deletes a link itself, never its
	// target, and only an empty folder).
	var written []string
	undo := func() {
		for i := len(written) - 1; i >= 0; i-- {
			os.Remove(written[i])
		}
	}
	for _, f := range files {
		made, err := makeFolders(filepath.Dir(f.path))
		written = append(written, made...)
		if err != nil {
			undo()
			return fmt.Errorf("init: make the folder of %s: %w; nothing was left written", f.path, err)
		}
		if err := writeInitFile(f.path, f.data); err != nil {
			undo()
			return fmt.Errorf("init: write %s: %w; nothing was left written", f.path, err)
		}
		written = append(written, f.path)
	}

	for _, f := range files {
		fmt.Fprintf(e.stdout, "wrote %s\n", f.path)
	}
	if skipMain && !v.Wrap {
		fmt.Fprintf(e.stdout, "kept %s: it has .go files already; it must call service.Run with Name %q (see the README)\n", mainDir, v.Name)
	}
	if keptGoreleaser != "" {
		fmt.Fprintf(e.stdout, "kept %s: `go tool svcpack init --goreleaser` prints the .goreleaser.yaml init would write: merge its hooks into yours\n", keptGoreleaser)
	}
	fmt.Fprintf(e.stdout, "\nUpgradeCode %s: never change it after the first release.\n\n%s", v.UpgradeCode, nextSteps(v))
	return nil
}

type initFile struct {
	name string // slash-separated, relative to --dir
	tmpl string // template under template/, or
	raw  string // a file copied as it is
	path string
	data []byte
}

// linkedFolder is the first folder between dir and the file name (slash-
// separated, relative to dir) that is a symbolic link or another reparse
// point, "" if none is: init does not write through a link.
func linkedFolder(dir, name string) string {
	parts := strings.Split(name, "/")
	p := dir
	for _, part := range parts[:len(parts)-1] {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if err != nil {
			return "" // missing: MkdirAll makes a real folder
		}
		if fi.Mode()&(os.ModeSymlink|os.ModeIrregular) != 0 {
			return p
		}
	}
	return ""
}

// makeFolders makes dir and its missing parents, and returns the folders
// it made, outermost first, for undo.
func makeFolders(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil {
			return made, err
		}
		made = append(made, missing[i])
	}
	return made, nil
}

// writeInitFile is writeNew; a test makes it fail to check the undo.
var writeInitFile = writeNew

// writeNew creates path, failing if anything is there by now.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func render(name string, v initValues) ([]byte, error) {
	t, err := template.ParseFS(templates, "template/"+name)
	if err != nil {
		return nil, fmt.Errorf("init: template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("init: template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// newGUID is a random (version 4) GUID in the upper case Windows Installer
// requires, without braces.
func newGUID() (string, error) {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		return "", fmt.Errorf("init: make a GUID: %w", err)
	}
	u[6] = u[6]&0x0F | 0x40
	u[8] = u[8]&0x3F | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]), nil
}

// flagProblems restates the product file's complaints about the generated
// file as complaints about the flags the values came from.
func flagProblems(err error) string {
	var pe *product.Errors
	if !errors.As(err, &pe) {
		return err.Error()
	}
	var lines []string
	for _, p := range pe.Problems {
		f, ok := flagOf[p.Path]
		if !ok {
			f = p.Path
		}
		lines = append(lines, f+": "+p.Msg)
	}
	return strings.Join(lines, "\n")
}

// nextSteps is what to run after init.
func nextSteps(v initValues) string {
	get := "go get github.com/svcpack/svcpack/service"
	prepare := ""
	stamp := `-ldflags "-X main.version=0.1.0" ` // main.go's /version says what the MSI says
	if v.Wrap {
		get = "go get github.com/svcpack/svcpack/cmd/svcwrap"
		prepare = "  put the program's files where svcpack.yaml's wrap.files says (bin/amd64/...), fill in wrap.args\n"
		stamp = ""
	}
	return fmt.Sprintf(`Next:
  go get -tool github.com/svcpack/svcpack/cmd/svcpack   # if not done yet; also: %[3]s
%[4]s  go tool svcpack check
  GOOS=windows GOARCH=amd64 go build -trimpath %[5]s-o dist/%[1]s.exe %[2]s
  go tool svcpack msi --exe dist/%[1]s.exe --arch amd64 --version 0.1.0
  go tool svcpack lint dist/%[1]s_0.1.0_amd64.msi

Releases: .goreleaser.yaml builds the exe per architecture and runs go tool svcpack msi (then admx and the
channels, as svcpack.yaml enables them) as its post-build hooks. With goreleaser pinned in a tools module
(once: mkdir tools && cd tools && go mod init MODULE/tools && go get -tool github.com/goreleaser/goreleaser/v2@v2.15.1),
in a git clone with a commit:
  go tool -modfile=tools/go.mod goreleaser release --snapshot --clean   # dist/: MSIs, zips, deployment.json, checksums.txt
`, v.Name, v.Main, get, prepare, stamp)
}
