package settings

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service/policy"
)

// listenProduct declares what the tests use: a text setting with a pattern
// and a policy, one without a default, and a Bool.
var listenProduct = Product{Name: "app", Company: "Contoso", Settings: []Setting{
	{Name: "listen", Pattern: `127\.0\.0\.1:[0-9]+`, Policy: &policy.Setting{Kind: policy.Text, Apply: policy.Restart}},
	{Name: "token", Pattern: `[a-z0-9]{4,16}`},
	{Name: "verbose"},
}}

// testFile is listenProduct with defaults, in a config.json of its own
// (not there yet).
func testFile(t *testing.T) *File {
	t.Helper()
	return New(listenProduct, Default("listen", "127.0.0.1:8091"), BoolDefault("verbose", false)).
		WithPath(filepath.Join(testtemp.Dir(t), "data", "config.json"))
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
