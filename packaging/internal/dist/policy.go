package dist

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/admx"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// checkPolicy makes sure a product with a policy list got its Group Policy
// template from the policy stage (.goreleaser.yaml's second post-build hook):
// the zip for the Central Store, covered by checksums.txt.
func checkPolicy(root, out, version string) error {
	p, err := product.Load(filepath.Join(root, product.FileName))
	if err != nil {
		return err
	}
	if len(p.Policy) == 0 {
		return nil
	}
	name := admx.ZipName(p, version)
	b, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		return fmt.Errorf("the policy template: %w (is `go tool svcpack admx` a post-build hook in .goreleaser.yaml?)", err)
	}
	sums, err := os.ReadFile(filepath.Join(out, "checksums.txt"))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	if !strings.Contains(string(sums), hex.EncodeToString(sum[:])+"  "+name+"\n") {
		return fmt.Errorf("checksums.txt does not cover %s", name)
	}
	return nil
}
