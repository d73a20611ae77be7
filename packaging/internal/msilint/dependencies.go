package msilint

import (
	"fmt"
	"slices"
	"strings"
)

// dependencyList is the ServiceInstall.Dependencies column as names: the
// MSI writes them separated by [~] and ends the list with [~] (a
// REG_MULTI_SZ in formatted text); an empty column is no dependency.
func dependencyList(column string) []string {
	var names []string
	for _, n := range strings.Split(column, "[~]") {
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}

// sameServices compares lists of service names as the SCM does: order
// aside (each is started before this one, whatever the order), case aside.
func sameServices(a, b []string) bool {
	norm := func(l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = strings.ToLower(s)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(norm(a), norm(b))
}

// dependenciesDiffer: the service waits for exactly the product file's
// service.dependencies (none when it gives none), so a team's own .wxs
// that lost or added a ServiceDependency fails the build.
func dependenciesDiffer(row map[string]string, w Want) []string {
	got := dependencyList(row["Dependencies"])
	if sameServices(got, w.Dependencies) {
		return nil
	}
	return []string{fmt.Sprintf("ServiceInstall %s depends on %q, the product file says %q (service.dependencies)", row["ServiceInstall"], got, w.Dependencies)}
}
