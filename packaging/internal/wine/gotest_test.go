package wine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The wrapper must not swallow results: the same Windows test package passes
// and fails on demand, and go test reports each.
func TestGoTestReportsPassAndFail(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		wantErr  bool
		wantText string
	}{
		{"pass", []string{"WINTEST_FAIL=0", "SVCPACK_PROBE=p1", "WINTEST_WANT_PROBE=p1"}, false, "ok"},
		{"fail", []string{"WINTEST_FAIL=1"}, true, "failing on purpose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			opts := GoTestOptions{Packages: []string{"./testdata/wintest"}, Flags: []string{"-count=1", "-v"}, Env: tt.env}
			err := goTestIn(context.Background(), testPrefix, wrapperPath, opts, &out, &out)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want error: %v", err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantText) {
				t.Errorf("output lacks %q:\n%s", tt.wantText, out.String())
			}
		})
	}
}

// GoTest end to end: its own deps check, prefix, wrapper and teardown.
func TestGoTest(t *testing.T) {
	unixPath, err := filepath.Abs("testdata/wintest/wintest_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = GoTest(context.Background(), GoTestOptions{
		Packages: []string{"./testdata/wintest"},
		Flags:    []string{"-count=1", "-v"},
		Env:      []string{"SVCPACK_PROBE=e2e", "WINTEST_WANT_PROBE=e2e", "WINTEST_UNIX_PATH=" + unixPath},
		Stdout:   &out,
		Stderr:   &out,
	})
	if err != nil || !strings.Contains(out.String(), "--- PASS: TestRunsOnWindows") ||
		!strings.Contains(out.String(), "--- PASS: TestUnixPathFromEnv") {
		t.Fatalf("GoTest: %v\n%s", err, out.String())
	}
}
