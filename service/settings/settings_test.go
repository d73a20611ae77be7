package settings

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
	"github.com/svcpack/svcpack/service/policy"
)

// Policy over config file over default, with the setting's own checks
// applied to a policy value: a bad one is refused, by name, and the file's
// value (or the default) is used; a policy for a setting declared without
// one is ignored.
func TestPolicyPrecedence(t *testing.T) {
	f := testFile(t)
	for _, c := range []struct {
		name    string
		file    map[string]string
		pol     policy.Values
		want    string
		source  policy.Source
		refused string
	}{
		{"file", map[string]string{"listen": "127.0.0.1:8081"}, nil, "127.0.0.1:8081", policy.FromFile, ""},
		{"default", nil, nil, "127.0.0.1:8091", policy.FromDefault, ""},
		{"policy", map[string]string{"listen": "127.0.0.1:8081"}, policy.Values{"listen": {Text: "127.0.0.1:9090"}}, "127.0.0.1:9090", policy.FromPolicy, ""},
		{"bad policy", map[string]string{"listen": "127.0.0.1:8081"}, policy.Values{"listen": {Text: "0.0.0.0:9090"}}, "127.0.0.1:8081", policy.FromFile,
			`policy HKLM\Software\Policies\Contoso\app\listen refused: "listen": "0.0.0.0:9090" does not match its pattern`},
		{"bad policy, no file key", nil, policy.Values{"listen": {Text: "127.0.0.1:1\t"}}, "127.0.0.1:8091", policy.FromDefault, "U+0009"},
		{"wrong registry type", nil, policy.Values{"listen": {Err: errors.New("is of registry type REG_DWORD")}}, "127.0.0.1:8091", policy.FromDefault, "REG_DWORD"},
		{"policy of a setting not declared for it", nil, policy.Values{"token": {Text: "abcd"}}, "127.0.0.1:8091", policy.FromDefault, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := f.resolve(c.file, c.pol)
			eff := v.Effective()
			if len(eff) != 3 {
				t.Fatalf("%d settings, want 3", len(eff))
			}
			l := eff[0]
			if l.Name != "listen" || l.Value != c.want || l.Source != c.source || v.Text("listen") != c.want {
				t.Errorf("listen = %+v, want %s from %s", l, c.want, c.source)
			}
			if (c.refused == "") != (l.Refused == "") || !strings.Contains(l.Refused, c.refused) {
				t.Errorf("refused %q, want %q", l.Refused, c.refused)
			}
			if _, ok := v.Lookup("token"); ok {
				t.Errorf("token has a value: %+v", eff[1])
			}
			if v.Bool("verbose") {
				t.Errorf("verbose = %+v, want the default false", eff[2])
			}
		})
	}
}

// config.json with a BOM and a Bool as JSON: Effective and Read agree on
// the values and their sources; nothing is written by reading.
func TestReadBOMAndBool(t *testing.T) {
	f := testFile(t)
	writeFile(t, f.Path, "\xEF\xBB\xBF{\"verbose\": true, \"token\": \"abcd\"}")
	eff, err := f.Effective()
	want := []policy.Effective{
		{Name: "listen", Value: "127.0.0.1:8091", Source: policy.FromDefault},
		{Name: "token", Value: "abcd", Source: policy.FromFile},
		{Name: "verbose", Value: "true", Source: policy.FromFile},
	}
	if err != nil || !reflect.DeepEqual(eff, want) {
		t.Errorf("Effective = %+v, %v; want %+v", eff, err, want)
	}
	if got := readFile(t, f.Path); got != "\xEF\xBB\xBF{\"verbose\": true, \"token\": \"abcd\"}" {
		t.Errorf("reading rewrote config.json: %q", got)
	}
	// --set takes a Bool as 1 and writes it as JSON true.
	if err := f.Apply(map[string]string{"verbose": "0"}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, f.Path); got != "{\n  \"token\": \"abcd\",\n  \"verbose\": false\n}\n" {
		t.Errorf("after Apply(verbose=0):\n%s", got)
	}
}

// Load writes the defaults on the first start, and only then.
func TestLoadSeedsTheDefaultsOnce(t *testing.T) {
	f := testFile(t)
	if _, err := f.Load(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, f.Path); got != "{\n  \"listen\": \"127.0.0.1:8091\",\n  \"verbose\": false\n}\n" {
		t.Errorf("first start wrote:\n%s", got)
	}
	writeFile(t, f.Path, `{"token":"wxyz"}`)
	v, err := f.Load()
	if err != nil || v.Text("token") != "wxyz" || readFile(t, f.Path) != `{"token":"wxyz"}` {
		t.Errorf("second start: %v, %v, file %q", v.Effective(), err, readFile(t, f.Path))
	}
	writeFile(t, f.Path, `{"token":"x"}`)
	if _, err := f.Load(); exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), `"token": "x" does not match its pattern`) {
		t.Errorf("a bad value: exit code %d, %v; want a config error naming it", exitcode.Of(err), err)
	}
}

// Run as root here, so a file cannot be made unreadable: the classification
// is checked on the error the read returns (on Windows ERROR_ACCESS_DENIED,
// which matches fs.ErrPermission).
func TestUnreadableConfigIsAConfigError(t *testing.T) {
	f := New(Product{Name: "hellosvc"}).WithPath(`C:\ProgramData\hellosvc\config.json`)
	err := f.readError(&fs.PathError{Op: "open", Path: f.Path, Err: fs.ErrPermission})
	want := `config C:\ProgramData\hellosvc\config.json: cannot be read: permission denied: ` +
		`give the account the service runs as (by default NT SERVICE\hellosvc) read access to it, then start again`
	if exitcode.Of(err) != exitcode.Config || err.Error() != want {
		t.Fatalf("got %d %q\nwant %d %q", exitcode.Of(err), err, exitcode.Config, want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Error("the cause is not kept")
	}
}

// A declaration that cannot work panics at New, naming what is wrong: it
// is the program's source, and any run finds it.
func TestNewRefusesBrokenDeclarations(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Product
		opts []Option
		want string
	}{
		{"unknown setting", listenProduct, []Option{Default("lisen", "x")}, `no setting "lisen" is declared (declared: "listen", "token", "verbose")`},
		{"bad pattern", Product{Settings: []Setting{{Name: "a", Pattern: "a)|(b"}}}, nil, `setting "a": pattern "a)|(b"`},
		{"default refused", listenProduct, []Option{Default("listen", "0.0.0.0:1")}, `default of setting "listen": "listen": "0.0.0.0:1" does not match`},
		{"bool default not a boolean", Product{Settings: []Setting{{Name: "b", Kind: Bool}}}, []Option{Default("b", "yes")}, `default of setting "b": "b": "yes" is not a boolean`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if err, _ := r.(error); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("panic %v, want %q", r, tc.want)
				}
			}()
			New(tc.p, tc.opts...)
		})
	}
}

// The program's own check runs before the pattern and says what is wrong
// in words, with the form expected.
func TestOwnCheckBeforePattern(t *testing.T) {
	f := New(listenProduct, Check("listen", `e.g. "127.0.0.1:80"`, func(v string) error {
		if !strings.Contains(v, ":") {
			return errors.New("is not host:port")
		}
		return nil
	}))
	if err := f.Validate(map[string]string{"listen": "8080"}); err == nil || err.Error() != `"listen": "8080" is not host:port (expected e.g. "127.0.0.1:80")` {
		t.Errorf("check: %v", err)
	}
	if err := f.Validate(map[string]string{"listen": "0.0.0.0:80"}); err == nil || !strings.Contains(err.Error(), "does not match its pattern") {
		t.Errorf("pattern after the check: %v", err)
	}
}
