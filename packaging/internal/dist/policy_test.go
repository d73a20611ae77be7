package dist

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkPolicy fails a run whose dist/ lacks the policy zip or whose
// checksums.txt does not cover it, and passes one that has both.
func TestCheckPolicy(t *testing.T) {
	root := t.TempDir()
	b, err := os.ReadFile("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "svcpack.yaml"), string(b))
	out := filepath.Join(root, Dir)
	write(t, filepath.Join(out, "checksums.txt"), "")
	if err := checkPolicy(root, out, "1.2.3"); err == nil || !strings.Contains(err.Error(), "hellosvc_1.2.3_admx.zip") {
		t.Errorf("without the zip: %v", err)
	}
	write(t, filepath.Join(out, "hellosvc_1.2.3_admx.zip"), "zip")
	if err := checkPolicy(root, out, "1.2.3"); err == nil || !strings.Contains(err.Error(), "checksums.txt does not cover") {
		t.Errorf("zip not in checksums.txt: %v", err)
	}
	sum := sha256.Sum256([]byte("zip"))
	write(t, filepath.Join(out, "checksums.txt"), hex.EncodeToString(sum[:])+"  hellosvc_1.2.3_admx.zip\n")
	if err := checkPolicy(root, out, "1.2.3"); err != nil {
		t.Errorf("zip covered: %v", err)
	}
	// A product without policy needs no template.
	src := string(b)
	write(t, filepath.Join(root, "svcpack.yaml"), src[:strings.Index(src, "\n# Settings an admin may set by Group Policy")]+"\n")
	if err := checkPolicy(root, t.TempDir(), "1.2.3"); err != nil {
		t.Errorf("no policy: %v", err)
	}
}
