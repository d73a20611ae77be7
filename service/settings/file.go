package settings

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/svcpack/svcpack/service/internal/programdata"
	"github.com/svcpack/svcpack/service/manage"
	"github.com/svcpack/svcpack/service/policy"
)

// Product is what svcpack.yaml says about a program's settings: its name
// and company (the data folder and the policy key) and each setting's name,
// pattern and policy. `go tool svcpack settings` writes it into the main
// package; `svcpack check` refuses a product file the written declarations
// no longer match.
type Product struct {
	Name     string // svcpack.yaml's name: %ProgramData%\<Name>\config.json
	Company  string // svcpack.yaml's company: HKLM\Software\Policies\<Company>\<Name>
	Settings []Setting
}

// File is a program's settings and config.json, the file in its data
// folder that holds their values. It is the program's manage.Settings, so
// `service install|configure --set` and an installer's values (configure
// --installer-key) reach it, and the source of the values it reads at
// start (Load).
type File struct {
	// Path is config.json: %ProgramData%\<name>\config.json by default; a
	// console run may read another (the service reads the default).
	Path     string
	Settings []Setting
	name     string // the product's: the service and its account, for messages
	policy   policy.Policy
}

var (
	_ manage.Settings          = (*File)(nil)
	_ manage.EffectiveSettings = (*File)(nil)
)

// WithPath is f reading and writing the config at path instead (a console
// run's -config).
func (f *File) WithPath(path string) *File {
	g := *f
	g.Path = path
	return &g
}

// An Option adds what only the program knows to a declared setting.
type Option func(*File) error

// New is the program's settings: p's declarations with opts applied. A
// declaration that cannot work (an unknown name in an option, a pattern
// that does not compile, a default its own checks refuse) panics: it is
// the program's source, wrong for every run, and any test run finds it.
func New(p Product, opts ...Option) *File {
	f := &File{Path: filepath.Join(programdata.Root(), p.Name, "config.json"), Settings: append([]Setting(nil), p.Settings...), name: p.Name}
	var pols []policy.Setting
	for i := range f.Settings {
		s := &f.Settings[i]
		if err := s.compile(); err != nil {
			panic(err)
		}
		if s.Policy != nil {
			pol := *s.Policy
			pol.Name = s.Name
			pols = append(pols, pol)
		}
	}
	f.policy = policy.New(p.Company, p.Name, pols...)
	for _, o := range opts {
		if err := o(f); err != nil {
			panic(err)
		}
	}
	for _, s := range f.Settings {
		if _, err := s.parse(s.Default); s.HasDefault && err != nil {
			panic(fmt.Errorf("default of setting %q: %w", s.Name, err))
		}
	}
	return f
}

// with applies change to the setting name.
func with(name string, change func(*Setting)) Option {
	return func(f *File) error {
		for i := range f.Settings {
			if f.Settings[i].Name == name {
				change(&f.Settings[i])
				return nil
			}
		}
		return fmt.Errorf("settings: no setting %q is declared (declared: %s); add it to svcpack.yaml and run `go tool svcpack settings`", name, f.names())
	}
}

// Default gives the text setting name a default: its value when config.json
// has none, and what a new config.json holds.
func Default(name, value string) Option {
	return with(name, func(s *Setting) { s.Default, s.HasDefault = value, true })
}

// BoolDefault makes name a Bool setting with a default.
func BoolDefault(name string, value bool) Option {
	return with(name, func(s *Setting) { s.Kind, s.Default, s.HasDefault = Bool, strconv.FormatBool(value), true })
}

// Check adds the program's own check to name (after the bounds, before the
// pattern) and the form messages say is expected.
func Check(name, expected string, check func(value string) error) Option {
	return with(name, func(s *Setting) { s.Expected, s.Check = expected, check })
}

func (f *File) lookup(name string) (Setting, bool) {
	for _, s := range f.Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

// names lists the settings for messages, quoted, in declaration order.
func (f *File) names() string {
	if len(f.Settings) == 0 {
		return "none"
	}
	n := make([]string, len(f.Settings))
	for i, s := range f.Settings {
		n[i] = strconv.Quote(s.Name)
	}
	return strings.Join(n, ", ")
}
