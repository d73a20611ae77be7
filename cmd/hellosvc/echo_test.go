package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

// A value of any size is echoed cut, with its length stated, wherever it is
// refused: config.json, --set, the command line.
func TestHugeValuesAreEchoedCut(t *testing.T) {
	huge := strings.Repeat("x", 50<<20) // as in the finding
	big := strings.Repeat("x", 30<<10)  // two fit in config.json's 64 KiB
	bigJSON, _ := json.Marshal(big)
	bigArray := "[" + strings.Repeat("1,", 1<<13) + "1]"
	longHost := strings.Repeat("h", maxHost+1) + ":8080"

	check := func(t *testing.T, err error, want ...string) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		if len(err.Error()) > 2000 {
			t.Fatalf("error echoes %d bytes: %.200s…", len(err.Error()), err)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q lacks %q", err, w)
			}
		}
	}
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"listen", `{"listen": ` + string(bigJSON) + `}`, []string{`"listen": "xxx`, `… (30720 bytes) is longer than any value it takes`}},
		{"key", `{` + string(bigJSON) + `: 1}`, []string{`unknown key "xxx`, `… (30720 bytes) (known keys:`}},
		{"repeated key", `{` + string(bigJSON) + `: 1, ` + string(bigJSON) + `: 1}`, []string{`… (30720 bytes) appears more than once`}},
		{"non-string", `{"demo_delay_endpoint": ` + bigArray + `}`, []string{`"demo_delay_endpoint": [1,1,1`, `… (16387 bytes) is not a boolean`}},
		{"long host", `{"listen": "` + longHost + `"}`, []string{`has a host longer than 253 characters`}},
		{"huge file", `{"listen": "` + huge + `"}`, []string{`is 52428814 bytes: a config file has at most 65536`}},
	} {
		t.Run("config "+tc.name, func(t *testing.T) {
			_, err := conf.WithPath(writeConfigFile(t, tc.content)).Read()
			check(t, err, tc.want...)
		})
	}
	t.Run("--set", func(t *testing.T) {
		s := conf.WithPath(filepath.Join(testtemp.Dir(t), "config.json"))
		// Settings refuses any value over 1024 bytes before parsing it (service/settings).
		check(t, s.Validate(map[string]string{"listen": huge}), `"listen": "xxx`, `… (52428800 bytes) is longer than any value it takes`)
		check(t, s.Validate(map[string]string{huge: "1"}), `unknown key "xxx`, `… (52428800 bytes)`)
		check(t, s.Validate(map[string]string{"demo_delay_endpoint": huge}), `… (52428800 bytes) is longer than any value it takes`)
		check(t, s.Validate(map[string]string{"listen": longHost}), `has a host longer than 253 characters`)
	})
	t.Run("argument", func(t *testing.T) {
		check(t, checkArgs([]string{huge}, false), `unexpected argument "xxx`, `… (52428800 bytes)`)
	})
}

// deviceName is a path that names a device, not a file.
func deviceName() string {
	if runtime.GOOS == "windows" {
		return "NUL"
	}
	return "/dev/null"
}

// Whatever sits where config.json should be, a config that cannot be read is
// the admin's to fix: exit code 3, a message naming the path and what to do.
func TestConfigThatIsNotAFileIsAConfigError(t *testing.T) {
	dir := filepath.Join(testtemp.Dir(t), "config.json")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"directory", dir, "config " + dir + ": is a directory, not a file: remove it"},
		{"device", deviceName(), "config " + deviceName() + ": is a device, not a file: give the path of a JSON config file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			readyCalled := false
			err := run(context.Background(), tc.path, func() { readyCalled = true })
			if code := service.ExitCode(err); code != exitcode.Config || err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("run: exit code %d, %v; want %d and %q", code, err, exitcode.Config, tc.want)
			}
			if readyCalled {
				t.Error("ready was called")
			}
			// configure with a value to set must refuse the same way, and
			// without one must leave it alone (a repair does not fail on it).
			s := conf.WithPath(tc.path)
			if err := s.Apply(map[string]string{"listen": "127.0.0.1:9"}); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Apply with a value: %v, want %q", err, tc.want)
			}
			if err := s.Apply(map[string]string{"listen": ""}); err != nil {
				t.Errorf("Apply with nothing to set: %v, want nil", err)
			}
			if st, err := os.Stat(tc.path); err != nil || st.Mode().IsRegular() {
				t.Errorf("%s was replaced: %v", tc.path, err)
			}
		})
	}
}
