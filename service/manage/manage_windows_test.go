package manage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// realCycles is how many install/status/configure/uninstall cycles run
// against the real SCM (Wine's here, Windows' in CI).
const realCycles = 20

// TestRealSCMCycles installs, inspects, configures and uninstalls a service
// through Main against the machine's SCM. The service's exe is this test
// binary; it is never started. It needs administrator rights (Wine: always).
func TestRealSCMCycles(t *testing.T) {
	needAdmin(t)

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("svcpackmanagetest%d", os.Getpid())
	spec := Spec{Name: name, DisplayName: "svcpack manage test", Description: "installed by service/manage tests",
		ServiceArgs: []string{"service", "run"}, Options: Options{Exe: exe}}
	wantImage := `"` + exe + `" service run`
	t.Cleanup(func() { _ = Main(spec, []string{"uninstall"}, &bytes.Buffer{}) })

	handlesBefore := processHandleCount() // 0 under Wine: not implemented there

	warnings := 0
	for i := range realCycles {
		var out bytes.Buffer
		step := func(args ...string) string {
			t.Helper()
			out.Reset()
			if err := Main(spec, args, &out); err != nil {
				t.Fatalf("cycle %d: %v: %v (exit %d)\n%s", i, args, err, exitcode.Of(err), out.String())
			}
			return out.String()
		}
		step("install", "--start", "manual")
		st := step("status")
		for _, want := range []string{"State:", "STOPPED", "ImagePath:             " + wantImage, `Account:               NT SERVICE\` + name, "Start type:            manual"} {
			if !strings.Contains(st, want) {
				t.Fatalf("cycle %d: status lacks %q:\n%s", i, want, st)
			}
		}
		cfg := step("configure", "--start", "delayed-auto", "--restart-delays", "1s,2s", "--reset-period", "1h")
		for _, line := range strings.Split(strings.TrimSpace(cfg), "\n") {
			switch {
			case strings.HasPrefix(line, "warning: ") && strings.HasSuffix(line, ": not supported by this Service Control Manager; left unchanged"):
				warnings++
				if i == 0 {
					t.Log(line)
				}
			case line == fmt.Sprintf("configured service %q", name),
				line == fmt.Sprintf("service %q: ImagePath kept: %s", name, clip.Quote(wantImage)),
				line == fmt.Sprintf("service %q: start type set to delayed-auto", name):
			default:
				t.Fatalf("cycle %d: unexpected configure output %q", i, line)
			}
		}
		checkRegistry(t, name, wantImage)
		if i == 0 {
			t.Logf("status after configure:\n%s", step("status"))
		}
		step("uninstall")
		if _, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\EventLog\Application\`+name, registry.QUERY_VALUE); err == nil {
			t.Fatalf("cycle %d: event source still registered after uninstall", i)
		}
		err := Main(spec, []string{"status"}, &out)
		if exitcode.Of(err) != exitcode.SCMError || !errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
			t.Fatalf("cycle %d: status after uninstall: %v (exit %d)", i, err, exitcode.Of(err))
		}
	}
	err = Main(spec, []string{"uninstall"}, &bytes.Buffer{})
	if exitcode.Of(err) != exitcode.SCMError || !strings.HasPrefix(err.Error(), fmt.Sprintf("open service %q: ", name)) {
		t.Fatalf("uninstall of a missing service: %v", err)
	}
	handlesAfter := processHandleCount()
	if handlesBefore > 0 && handlesAfter > handlesBefore+5 {
		t.Fatalf("process handles grew from %d to %d over %d cycles", handlesBefore, handlesAfter, realCycles)
	}
	t.Logf("%d cycles; %d unsupported-level warnings; process handles %d → %d", realCycles, warnings, handlesBefore, handlesAfter)
}

var procGetProcessHandleCount = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetProcessHandleCount")

// processHandleCount is this process's open handle count, 0 if unknown. A
// leaked SC_HANDLE per cycle would show as growth on Windows.
func processHandleCount() uint32 {
	var n uint32
	if r, _, _ := procGetProcessHandleCount.Call(uintptr(windows.CurrentProcess()), uintptr(unsafe.Pointer(&n))); r == 0 {
		return 0
	}
	return n
}

// underWine reports whether ntdll is Wine's, which exports wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// checkRegistry reads back what configure wrote where the SCM keeps it, so the
// test does not trust our own status code for it.
func checkRegistry(t *testing.T, name, wantImage string) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\`+name, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	image, _, err := k.GetStringValue("ImagePath")
	if err != nil || image != wantImage {
		t.Fatalf("ImagePath %q, %v; want %q", image, err, wantImage)
	}
	start, _, err := k.GetIntegerValue("Start")
	if err != nil || start != startAuto {
		t.Fatalf("Start %d, %v; want auto (2)", start, err)
	}
	// Wine 8.0 returns success for SERVICE_CONFIG_FAILURE_ACTIONS but stores
	// nothing, so recovery is checked on Windows only.
	if fa, _, err := k.GetBinaryValue("FailureActions"); !underWine() && (err != nil || len(fa) < 20) {
		t.Fatalf("FailureActions %x, %v", fa, err)
	}
	es, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\EventLog\Application\`+name, registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("event source: %v", err)
	}
	es.Close()
	base, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(base, name)
	if fi, err := os.Stat(dataDir); err != nil || !fi.IsDir() {
		t.Fatalf("data dir: %v", err)
	}
	// Wine stores a security descriptor but does not enforce it; the owner is
	// asserted where Windows runs.
	if !underWine() {
		sd, err := windows.GetNamedSecurityInfo(dataDir, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION)
		if err != nil {
			t.Fatal(err)
		}
		owner, _, err := sd.Owner()
		if err != nil || !owner.IsWellKnown(windows.WinBuiltinAdministratorsSid) {
			t.Fatalf("data dir owner %v, %v; want BUILTIN\\Administrators", owner, err)
		}
	}
}
