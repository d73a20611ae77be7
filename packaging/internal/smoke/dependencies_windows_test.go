package smoke

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// checkDependencies: the installed service waits for svcpack.yaml's
// service.dependencies, as the SCM keeps them (DependOnService, a
// REG_MULTI_SZ under the service's key). A product without dependencies
// must have none: the MSI wrote no ServiceDependency.
func checkDependencies(t *testing.T) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\`+prod.Name, registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("open the service key of %s: %v", prod.Name, err)
	}
	defer k.Close()
	got, _, err := k.GetStringsValue("DependOnService")
	if errors.Is(err, registry.ErrNotExist) { // no dependencies
		got, err = nil, nil
	}
	if err != nil {
		t.Fatalf("DependOnService of %s: %v", prod.Name, err)
	}
	norm := func(l []string) []string {
		var out []string
		for _, s := range l {
			if s != "" {
				out = append(out, strings.ToLower(s))
			}
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(norm(got), norm(prod.Service.Dependencies)) {
		t.Errorf("DependOnService of %s is %q, want service.dependencies %q", prod.Name, got, prod.Service.Dependencies)
	}
}
