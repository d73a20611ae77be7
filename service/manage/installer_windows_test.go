package manage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service/exitcode"
)

// needAdmin skips when the SCM refuses to create services (Windows without
// elevation); under Wine every process may.
func needAdmin(t *testing.T) {
	t.Helper()
	m, err := windows.OpenSCManager(nil, nil, scManagerConnect|scManagerCreateService)
	if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
		t.Skip("needs administrator rights")
	}
	if err != nil {
		t.Fatal(err)
	}
	windows.CloseServiceHandle(m)
}

// realInstalled installs a service running this test binary (never started)
// with --start manual and removes it at the end.
func realInstalled(t *testing.T, name string, settings Settings) Spec {
	t.Helper()
	spec := Spec{Name: name, Description: "installed by service/manage tests", ServiceArgs: []string{"service", "run"}, Options: Options{Settings: settings}}
	if err := Main(spec, []string{"install", "--start", "manual"}, &bytes.Buffer{}); err != nil {
		t.Fatalf("install: %v", err)
	}
	t.Cleanup(func() { _ = Main(spec, []string{"uninstall"}, &bytes.Buffer{}) })
	return spec
}

func startValue(t *testing.T, name string) uint64 {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\`+name, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue("Start")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// setRawSZ writes a REG_SZ whose bytes are exactly s in UTF-16LE, without
// the terminating NUL registry.SetStringValue adds and refuses inside.
var procRegSetValueExW = windows.NewLazySystemDLL("advapi32.dll").NewProc("RegSetValueExW")

func setRawSZ(t *testing.T, k registry.Key, name, s string) {
	t.Helper()
	u := utf16.Encode([]rune(s))
	n, err := windows.UTF16PtrFromString(name)
	if err != nil {
		t.Fatal(err)
	}
	r, _, _ := procRegSetValueExW.Call(uintptr(k), uintptr(unsafe.Pointer(n)), 0, windows.REG_SZ, uintptr(unsafe.Pointer(&u[0])), uintptr(2*len(u)))
	if r != 0 {
		t.Fatalf("RegSetValueExW %s: %v", name, syscall.Errno(r))
	}
}

// TestInstallerKeyAgainstTheRealRegistry writes an installer key as the MSI
// does and runs configure --installer-key against a real service: the start
// type and the given value are applied, the given value is deleted, the
// remembered one stays; then hostile values (a DWORD, a NUL inside, a
// 30,000-character value) are refused and change nothing.
func TestInstallerKeyAgainstTheRealRegistry(t *testing.T) {
	needAdmin(t)
	name := fmt.Sprintf("svcpackinstkey%d", os.Getpid())
	key := `SOFTWARE\svcpack-test\` + name
	rs := &strictSettings{}
	spec := realInstalled(t, name, rs)
	if startValue(t, name) != startDemand {
		t.Fatal("install --start manual did not give manual")
	}
	rs.applied = nil // install's own Apply

	root, _, err := registry.CreateKey(registry.LOCAL_MACHINE, key, registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	t.Cleanup(func() {
		for _, sub := range []string{key + `\Given`, key + `\Remembered`, key} {
			_ = registry.DeleteKey(registry.LOCAL_MACHINE, sub)
		}
	})
	given, _, err := registry.CreateKey(root, "Given", registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer given.Close()
	remembered, _, err := registry.CreateKey(root, "Remembered", registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer remembered.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(root.SetStringValue("StartType", "auto"))
	must(root.SetStringValue("InstallFolder", "ignored\t--exe C:\\evil.exe"))
	must(given.SetStringValue("listen", ":9090"))
	must(remembered.SetStringValue("listen", ":8081"))

	var out bytes.Buffer
	if err := Main(spec, []string{"configure", "--installer-key", key}, &out); err != nil {
		t.Fatalf("configure --installer-key: %v\n%s", err, out.String())
	}
	t.Logf("configure --installer-key:\n%s", out.String())
	if got := startValue(t, name); got != startAuto {
		t.Errorf("Start = %d, want auto (2)", got)
	}
	if len(rs.applied) != 1 || rs.applied[0]["listen"] != ":9090" || len(rs.seeded) != 1 || rs.seeded[0]["listen"] != ":8081" {
		t.Errorf("applied %v, seeded %v", rs.applied, rs.seeded)
	}
	if _, _, err := given.GetStringValue("listen"); !errors.Is(err, registry.ErrNotExist) {
		t.Errorf("Given\\listen after configure: %v, want deleted", err)
	}
	if v, _, err := remembered.GetStringValue("listen"); err != nil || v != ":8081" {
		t.Errorf("Remembered\\listen after configure: %q, %v", v, err)
	}
	exe, _ := os.Executable()
	checkImagePath(t, name, `"`+exe+`" service run`)

	// Hostile values: refused, Start unchanged (auto), the value left in place.
	must(root.SetStringValue("StartType", "manual"))
	for _, tc := range []struct {
		name  string
		write func()
		want  string
	}{
		{"DWORD", func() { must(given.SetDWordValue("listen", 9090)) }, `Given: value "listen" is REG_DWORD, not REG_SZ`},
		{"expandable", func() { must(given.SetExpandStringValue("listen", "%TEMP%")) }, `is REG_EXPAND_SZ, not REG_SZ`},
		{"NUL inside", func() { setRawSZ(t, given, "listen", ":80\x00--exe") }, `holds a NUL character at position 3`},
		{"tab injection", func() { must(given.SetStringValue("listen", ":80\t--exe\tC:\\evil.exe")) }, `listen: ":80\t--exe\tC:\\evil.exe" is not host:port`},
		{"30,000 characters", func() { must(given.SetStringValue("listen", strings.Repeat("x", 30000))) }, "message cut"},
		{"DWORD start type", func() { must(root.SetDWordValue("StartType", 4)) }, `value "StartType" is REG_DWORD, not REG_SZ`},
	} {
		tc.write()
		out.Reset()
		err := Main(spec, []string{"configure", "--installer-key", key}, &out)
		if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), tc.want) || len(err.Error()) > 5000 {
			t.Errorf("%s: %.400v (exit %d), want Config and %q", tc.name, err, exitcode.Of(err), tc.want)
		}
		if got := startValue(t, name); got != startAuto {
			t.Errorf("%s: Start changed to %d", tc.name, got)
		}
		if tc.name != "DWORD start type" {
			if _, _, err := given.GetValue("listen", nil); err != nil {
				t.Errorf("%s: the refused value was deleted: %v", tc.name, err)
			}
			must(given.DeleteValue("listen"))
		}
	}
	checkImagePath(t, name, `"`+exe+`" service run`)
}

func checkImagePath(t *testing.T, name, want string) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\`+name, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if got, _, err := k.GetStringValue("ImagePath"); err != nil || got != want {
		t.Errorf("ImagePath %q, %v; want %q", got, err, want)
	}
}

// TestForeignServiceIsRefused creates a service of the product's name that
// runs another program (notepad.exe, never started) and checks that
// preflight, configure and uninstall refuse it with ForeignService and leave
// it exactly as it was; then that preflight accepts one whose unquoted
// ImagePath (as Wine's InstallServices writes it) runs this program.
func TestForeignServiceIsRefused(t *testing.T) {
	needAdmin(t)
	name := fmt.Sprintf("svcpackforeign%d", os.Getpid())
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		t.Fatal(err)
	}
	notepad := sys + `\notepad.exe`
	create := func(bin string) {
		t.Helper()
		m, err := windows.OpenSCManager(nil, nil, scManagerConnect|scManagerCreateService)
		if err != nil {
			t.Fatal(err)
		}
		defer windows.CloseServiceHandle(m)
		n, _ := windows.UTF16PtrFromString(name)
		b, _ := windows.UTF16PtrFromString(bin)
		h, err := windows.CreateService(m, n, n, windows.SERVICE_QUERY_CONFIG, windows.SERVICE_WIN32_OWN_PROCESS,
			windows.SERVICE_DEMAND_START, windows.SERVICE_ERROR_NORMAL, b, nil, nil, nil, nil, nil)
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		windows.CloseServiceHandle(h)
	}
	remove := func() {
		m, err := windows.OpenSCManager(nil, nil, scManagerConnect)
		if err != nil {
			return
		}
		defer windows.CloseServiceHandle(m)
		n, _ := windows.UTF16PtrFromString(name)
		h, err := windows.OpenService(m, n, accessDelete)
		if err != nil {
			return
		}
		_ = windows.DeleteService(h)
		windows.CloseServiceHandle(h)
	}
	create(notepad)
	t.Cleanup(remove)

	spec := Spec{Name: name, ServiceArgs: []string{"service", "run"}}
	for _, args := range [][]string{{"preflight"}, {"configure"}, {"configure", "--start", "auto"}, {"uninstall"}} {
		var out bytes.Buffer
		err := Main(spec, args, &out)
		if exitcode.Of(err) != exitcode.ForeignService || !strings.Contains(err.Error(), fmt.Sprintf("service %q is not this program's", name)) ||
			!strings.Contains(err.Error(), "notepad.exe") {
			t.Fatalf("%v: %v (exit %d)", args, err, exitcode.Of(err))
		}
		if args[0] == "preflight" {
			t.Logf("preflight: %v", err)
		}
		checkImagePath(t, name, notepad)
		if got := startValue(t, name); got != startDemand {
			t.Fatalf("%v: Start changed to %d", args, got)
		}
	}
	if _, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\EventLog\Application\`+name, registry.QUERY_VALUE); err == nil {
		t.Error("an event source was registered for the foreign service")
	}

	// Ours, written unquoted: accepted.
	remove()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	name2 := name + "x"
	name, spec.Name = name2, name2
	create(exe + " service run")
	t.Cleanup(remove)
	var out bytes.Buffer
	if err := Main(spec, []string{"preflight"}, &out); err != nil || !strings.Contains(out.String(), "exists and runs this program") {
		t.Fatalf("preflight of our own service: %v, %q", err, out.String())
	}
	if err := Main(spec, []string{"configure"}, &out); err != nil {
		t.Fatalf("configure of our own unquoted service: %v\n%s", err, out.String())
	}
	checkImagePath(t, name, `"`+exe+`" service run`)
	if err := Main(spec, []string{"uninstall"}, &out); err != nil {
		t.Fatalf("uninstall of our own service: %v", err)
	}
}
