package smoke

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"
)

// checkDependencies: the installed service waits for svcpack.yaml's
// service.dependencies, as the SCM keeps them (DependOnService, a
// REG_MULTI_SZ under the service's key) and as it answers for them
// (QueryServiceConfig's dependencies). A product without dependencies must
// have none: the MSI wrote no ServiceDependency.
func checkDependencies(t *testing.T) {
	t.Helper()
	if len(prod.Service.Dependencies) > 0 && wineVersion != "" {
		t.Run("dependencies in the SCM", func(t *testing.T) {
			windowsOnly(t, "Wine's msiexec installs the service without ServiceInstall's Dependencies (the package's row lists them; "+
				"DependOnService stays empty, while `sc create depend=` stores them)")
		})
		return
	}
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
	if !slices.Equal(normNames(got), normNames(prod.Service.Dependencies)) {
		t.Errorf("DependOnService of %s is %q, want service.dependencies %q", prod.Name, got, prod.Service.Dependencies)
	}
	if scm := scmDependencies(t); !slices.Equal(normNames(scm), normNames(prod.Service.Dependencies)) {
		t.Errorf("QueryServiceConfig of %s: dependencies %q, want service.dependencies %q", prod.Name, scm, prod.Service.Dependencies)
	}
}

// normNames sorts service names without case (as Windows compares them)
// and drops empty ones.
func normNames(l []string) []string {
	var out []string
	for _, s := range l {
		if s != "" {
			out = append(out, strings.ToLower(s))
		}
	}
	slices.Sort(out)
	return out
}

// scmDependencies asks the SCM for the service's dependencies with
// QueryServiceConfig alone: mgr.Service.Config also asks QueryServiceConfig2
// levels, which Wine refuses (docs/platform.md).
func scmDependencies(t *testing.T) []string {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		t.Fatalf("no service %s", prod.Name)
	}
	defer s.Close()
	var need uint32
	err := windows.QueryServiceConfig(s.Handle, nil, 0, &need)
	if !errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) {
		t.Fatalf("QueryServiceConfig of %s: %v", prod.Name, err)
	}
	buf := make([]byte, need)
	cfg := (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(&buf[0]))
	if err := windows.QueryServiceConfig(s.Handle, cfg, need, &need); err != nil {
		t.Fatalf("QueryServiceConfig of %s: %v", prod.Name, err)
	}
	// lpDependencies: names separated by NUL, ending in two.
	var names []string
	for p := cfg.Dependencies; p != nil && *p != 0; {
		name := windows.UTF16PtrToString(p)
		names = append(names, name)
		p = (*uint16)(unsafe.Add(unsafe.Pointer(p), (len(windows.StringToUTF16(name)))*2))
	}
	return names
}

// TestDependenciesStartFirst: with each of service.dependencies stopped,
// starting the service starts them first: they are RUNNING once the service
// is.
func TestDependenciesStartFirst(t *testing.T) {
	deps := prod.Service.Dependencies
	if len(deps) == 0 {
		t.Skip("no service.dependencies")
	}
	windowsOnly(t, "Wine's msiexec installs the service without its dependencies (checkDependencies)")
	fresh(t)
	install(t, v1)
	wantRunning(t, defaultAddr())
	checkDependencies(t)
	stopService(t)
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	for _, d := range deps {
		stopDependency(t, m, d)
	}
	startService(t)
	for _, d := range deps {
		if st := dependencyState(t, m, d); st != svc.Running {
			t.Errorf("dependency %s is in state %d once %s runs, want RUNNING (%d)", d, st, prod.Name, svc.Running)
		}
	}
	wantRunning(t, defaultAddr())
}

// stopDependency stops service name and waits for STOPPED. A dependency
// the SCM will not stop here (others depend on it, or it takes no stop)
// cannot show the order: the case says so and ends as SKIP.
func stopDependency(t *testing.T, m *mgr.Mgr, name string) {
	t.Helper()
	s, err := m.OpenService(name)
	if err != nil {
		t.Fatalf("open dependency %s: %v", name, err)
	}
	defer s.Close()
	st, err := s.Query()
	if err != nil {
		t.Fatalf("query dependency %s: %v", name, err)
	}
	if st.State != svc.Stopped {
		if st, err = s.Control(svc.Stop); errors.Is(err, windows.ERROR_DEPENDENT_SERVICES_RUNNING) || errors.Is(err, windows.ERROR_INVALID_SERVICE_CONTROL) {
			t.Skipf("dependency %s cannot be stopped on this machine (%v): the start order is not shown here", name, err)
		}
		if err != nil {
			t.Fatalf("stop dependency %s: %v", name, err)
		}
	}
	waitUntil(t, "dependency "+name+" STOPPED", func() bool { return dependencyState(t, m, name) == svc.Stopped })
}

func dependencyState(t *testing.T, m *mgr.Mgr, name string) svc.State {
	t.Helper()
	s, err := m.OpenService(name)
	if err != nil {
		t.Fatalf("open dependency %s: %v", name, err)
	}
	defer s.Close()
	st, err := s.Query()
	if err != nil {
		t.Fatalf("query dependency %s: %v", name, err)
	}
	return st.State
}
