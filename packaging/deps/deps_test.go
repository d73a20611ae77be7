package deps

import (
	"context"
	"errors"
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
			got := missingPackages(tools, fakePath(tt.have...))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("missingPackages = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEnsureNotRootPrintsSudoLine(t *testing.T) {
	err := ensure(context.Background(), Wine, host{
		lookPath: fakePath("wine", "wineserver"),
		aptGet: func(context.Context, ...string) error {
			t.Fatal("apt-get must not run when not root")
			return nil
		},
	})
	want := "sudo apt-get install -y --no-install-recommends gcc-mingw-w64-x86-64 wine64"
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
			err := ensure(context.Background(), Sign, host{lookPath: f.lookPath, isRoot: true, aptGet: f.run})
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
	err := ensure(context.Background(), Sign, host{
		lookPath: fakePath("openssl"),
		isRoot:   true,
		aptGet:   func(context.Context, ...string) error { return nil },
	})
	if err == nil || !strings.Contains(err.Error(), "osslsigncode") {
		t.Fatalf("error = %v, want one naming osslsigncode", err)
	}
}

func TestEnsureNothingMissingRunsNothing(t *testing.T) {
	err := ensure(context.Background(), Sign, host{
		lookPath: fakePath("openssl", "osslsigncode"),
		aptGet: func(context.Context, ...string) error {
			t.Fatal("apt-get must not run when nothing is missing")
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAllCoversEverySet(t *testing.T) {
	got := missingPackages(All(), fakePath())
	want := []string{"gcc-mingw-w64-i686", "gcc-mingw-w64-x86-64", "msitools", "openssl", "osslsigncode", "wine", "wine64", "wixl"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("All() packages = %q, want %q", got, want)
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
