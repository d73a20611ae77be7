package deps

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakePath finds exactly the commands in have.
func fakePath(have ...string) func(string) (string, error) {
	return func(cmd string) (string, error) {
		for _, h := range have {
			if h == cmd {
				return "/usr/bin/" + cmd, nil
			}
		}
		return "", errors.New("not found")
	}
}

// fakeHost finds exactly the commands and files in have.
func fakeHost(have ...string) host {
	find := fakePath(have...)
	return host{lookPath: find, stat: func(p string) error { _, err := find(p); return err }}
}

func TestMissingPackages(t *testing.T) {
	tools := append(append([]Tool{}, MSI...), Sign...)
	tests := []struct {
		name string
		have []string
		want []string
	}{
		{"all present", []string{"wixl", "msiinfo", "msibuild", "osslsigncode", "openssl"}, nil},
		{"one package, two commands", []string{"wixl", "osslsigncode", "openssl"}, []string{"msitools"}},
		{"one of a package's commands", []string{"wixl", "msiinfo", "osslsigncode", "openssl"}, []string{"msitools"}},
		{"none: sorted and de-duplicated", nil, []string{"msitools", "openssl", "osslsigncode", "wixl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := missingPackages(tools, fakeHost(tt.have...))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("missingPackages = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEnsureNotRootPrintsSudoLine(t *testing.T) {
	h := fakeHost("wine", "wineserver")
	h.aptGet = func(context.Context, ...string) error {
		t.Fatal("apt-get must not run when not root")
		return nil
	}
	err := ensure(context.Background(), Wine, h)
	want := "sudo apt-get install -y --no-install-recommends gcc-mingw-w64-x86-64 iproute2 wine64"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error = %v, want it to end with %q", err, want)
	}
}

// fakeApt records apt-get calls; fail says which call numbers fail, and a
// successful install makes the commands appear.
type fakeApt struct {
	calls     []string
	fail      map[int]bool
	installed bool
}

func (f *fakeApt) run(_ context.Context, args ...string) error {
	f.calls = append(f.calls, strings.Join(args, " "))
	if f.fail[len(f.calls)] {
		return errors.New("exit status 100")
	}
	if args[0] == "install" {
		f.installed = true
	}
	return nil
}

func (f *fakeApt) lookPath(cmd string) (string, error) {
	if f.installed || cmd == "openssl" {
		return "/usr/bin/" + cmd, nil
	}
	return "", errors.New("not found")
}

func (f *fakeApt) stat(path string) error {
	_, err := f.lookPath(path)
	return err
}

func TestEnsureRoot(t *testing.T) {
	install := "install -y --no-install-recommends osslsigncode"
	tests := []struct {
		name      string
		fail      map[int]bool
		wantCalls []string
		wantErr   bool
	}{
		{"installs directly", nil, []string{install}, false},
		{"updates lists once, then retries", map[int]bool{1: true}, []string{install, "update", install}, false},
		{"gives up after the retry", map[int]bool{1: true, 3: true}, []string{install, "update", install}, true},
		{"update fails", map[int]bool{1: true, 2: true}, []string{install, "update"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeApt{fail: tt.fail}
			err := ensure(context.Background(), Sign, host{lookPath: f.lookPath, stat: f.stat, isRoot: true, aptGet: f.run})
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error: %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(f.calls, tt.wantCalls) {
				t.Errorf("apt-get calls = %q, want %q", f.calls, tt.wantCalls)
			}
		})
	}
}

func TestEnsureRootCommandStillMissing(t *testing.T) {
	h := fakeHost("openssl")
	h.isRoot = true
	h.aptGet = func(context.Context, ...string) error { return nil }
	err := ensure(context.Background(), Sign, h)
	if err == nil || !strings.Contains(err.Error(), "osslsigncode") {
		t.Fatalf("error = %v, want one naming osslsigncode", err)
	}
}

func TestEnsureNothingMissingRunsNothing(t *testing.T) {
	h := fakeHost("openssl", "osslsigncode")
	h.aptGet = func(context.Context, ...string) error {
		t.Fatal("apt-get must not run when nothing is missing")
		return nil
	}
	err := ensure(context.Background(), Sign, h)
	if err != nil {
		t.Fatal(err)
	}
}

func TestAllCoversEverySet(t *testing.T) {
	got := missingPackages(All(), fakeHost())
	want := []string{"gcc-mingw-w64-i686", "gcc-mingw-w64-x86-64", "iproute2", "libengine-pkcs11-openssl", "libsofthsm2", "msitools",
		"opensc", "openssl", "osslsigncode", "softhsm2", "wine", "wine64", "wixl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("All() packages = %q, want %q", got, want)
	}
}

// A library is found by its path, not on PATH: the host's lookPath (which
// wants an executable) is never asked about it, and a missing one is
// installed by its package.
func TestFileToolIsStatted(t *testing.T) {
	tools := append(append([]Tool{}, Sign...), PKCS11...)
	h := fakeHost("openssl", "osslsigncode")
	lookPath := h.lookPath
	h.lookPath = func(cmd string) (string, error) {
		if cmd == "" || cmd == PKCS11Engine {
			t.Errorf("lookPath(%q) asked about a file tool", cmd)
		}
		return lookPath(cmd)
	}
	if got, want := missingPackages(tools, h), []string{"libengine-pkcs11-openssl"}; !reflect.DeepEqual(got, want) {
		t.Errorf("without the engine: missingPackages = %q, want %q", got, want)
	}
	h.stat = func(p string) error {
		if p != PKCS11Engine {
			t.Errorf("stat(%q), want only %q", p, PKCS11Engine)
		}
		return nil
	}
	if got := missingPackages(tools, h); got != nil {
		t.Errorf("with the engine: missingPackages = %q, want none", got)
	}
}

// statFile accepts a regular file only: a directory where a library should
// be is not the library.
func TestStatFile(t *testing.T) {
	dir := t.TempDir()
	if err := statFile(dir); err == nil {
		t.Error("statFile accepted a directory")
	}
	if err := statFile(filepath.Join(dir, "missing.so")); err == nil {
		t.Error("statFile accepted a missing file")
	}
	f := filepath.Join(dir, "lib.so")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := statFile(f); err != nil {
		t.Errorf("statFile(non-executable regular file) = %v, want nil", err)
	}
}

// On this host the real lookup must agree with the fake's model: every
// command of All resolves (the project's hosts have the packages installed,
// or Ensure installed them as root).
func TestEnsureAllOnHost(t *testing.T) {
	if err := Ensure(context.Background(), All()...); err != nil {
		t.Fatal(err)
	}
}

// TestEnsureSaysWhatItInstallsAndWhy: before apt-get runs (its output can be
// minutes long), one line names the packages and the commands or files they
// are installed for.
func TestEnsureSaysWhatItInstallsAndWhy(t *testing.T) {
	f := &fakeApt{}
	var log strings.Builder
	if err := ensure(context.Background(), append(MSI, Sign...), host{lookPath: f.lookPath, stat: f.stat, isRoot: true, aptGet: f.run, log: &log}); err != nil {
		t.Fatal(err)
	}
	want := "deps: installing Debian packages msitools, osslsigncode, wixl with apt-get, for wixl, msiinfo, msibuild, osslsigncode (apt-get's output follows)\n"
	if log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
}

// TestCheckNeverInstalls: issue 19 part 4. Check, what svcpack's commands
// (goreleaser's parallel hooks) use, never runs apt-get, even as root: it
// names the packages and the command that installs them.
func TestCheckNeverInstalls(t *testing.T) {
	for _, root := range []bool{true, false} {
		h := fakeHost("openssl")
		h.isRoot = root
		h.aptGet = func(context.Context, ...string) error {
			t.Fatal("Check ran apt-get")
			return nil
		}
		err := check(append(MSI, Sign...), h)
		want := "apt-get install -y --no-install-recommends msitools osslsigncode wixl (in svcpack's own repository: go tool mage deps)"
		if !root {
			want = "sudo " + want
		}
		if err == nil || !strings.HasPrefix(err.Error(), "missing Debian packages msitools, osslsigncode, wixl (for wixl, msiinfo, msibuild, osslsigncode)") ||
			!strings.HasSuffix(err.Error(), ": "+want) {
			t.Errorf("root %v: err = %v, want the packages, their commands and %q", root, err, want)
		}
	}
	if err := check(Sign, fakeHost("openssl", "osslsigncode")); err != nil {
		t.Errorf("nothing missing: %v", err)
	}
}
