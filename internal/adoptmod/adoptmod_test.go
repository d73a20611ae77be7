package adoptmod

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
)

func TestSeedSumsCopiesTheRepositorysChecksums(t *testing.T) {
	root, dir := testtemp.Dir(t), testtemp.Dir(t)
	const sums = "golang.org/x/sys v0.49.0 h1:abc=\ngolang.org/x/sys v0.49.0/go.mod h1:def=\n"
	if err := os.WriteFile(filepath.Join(root, "go.sum"), []byte(sums), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := SeedSums(root, dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil || string(got) != sums {
		t.Fatalf("go.sum = %q, %v; want %q", got, err, sums)
	}
}

// A module that has checksums of its own keeps them.
func TestSeedSumsKeepsAnExistingGoSum(t *testing.T) {
	root, dir := testtemp.Dir(t), testtemp.Dir(t)
	for d, s := range map[string]string{root: "a v1 h1:x=\n", dir: "b v1 h1:y=\n"} {
		if err := os.WriteFile(filepath.Join(d, "go.sum"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := SeedSums(root, dir); err == nil {
		t.Fatal("SeedSums replaced an existing go.sum without an error")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "go.sum")); string(got) != "b v1 h1:y=\n" {
		t.Fatalf("go.sum = %q, want the module's own", got)
	}
}
