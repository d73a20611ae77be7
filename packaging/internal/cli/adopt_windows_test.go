package cli

// The Windows half of TestAdoptGoService (adopt_linux_test.go): it builds,
// on Linux, a new module by README's quick start (`svcpack init`, two
// settings) and packages it with `svcpack msi`; this test installs that MSI, as a
// Windows test binary under Wine (the same code runs on Windows, elevated).

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc/mgr"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/packaging/internal/smoke"
	"github.com/svcpack/svcpack/service"
)

const adoptName, adoptKey = "mysvc", `SOFTWARE\Contoso\mysvc`

func TestAdoptedMSI(t *testing.T) {
	pkg, addr := os.Getenv(envAdoptMSI), os.Getenv(envAdoptAddr)
	if pkg == "" || addr == "" {
		t.Skipf("%s and %s are not set: TestAdoptGoService (Linux) builds the package and runs this test under Wine", envAdoptMSI, envAdoptAddr)
	}
	pkg, err := filepath.Abs(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if _, found := adoptService(t); found {
		t.Fatalf("a service %s is here already: this test needs a machine without it", adoptName)
	}

	// A bad value is refused before anything changes.
	code, log := adoptMsiexec(t, "/i", pkg, `STARTTYPE="sometimes"`)
	if code == 0 || !strings.Contains(log, `STARTTYPE="sometimes" is not valid`) {
		t.Fatalf("install with STARTTYPE=sometimes: exit %d, want a refusal naming the value; log:\n%s", code, tail(log))
	}
	if _, found := adoptService(t); found {
		t.Fatal("the refused install left a service")
	}

	// A service of the same name that runs another program is refused
	// before anything changes (ForeignService), and left as it was.
	foreignService(t, pkg)

	// An admin's own crash dump settings for the exe survive install and uninstall.
	adminCrashDumps(t, adoptName, pkg)

	// Install: the service runs the skeleton, configured through the registry.
	if code, log := adoptMsiexec(t, "/i", pkg, `STARTTYPE="manual"`); code != 0 {
		t.Fatalf("install: exit %d; log:\n%s", code, tail(log))
	}
	cfg, found := adoptService(t)
	if !found {
		t.Fatal("install created no service " + adoptName)
	}
	if cfg.StartType != mgr.StartManual || !strings.EqualFold(cfg.ServiceStartName, `NT SERVICE\`+adoptName) ||
		!strings.Contains(cfg.BinaryPathName, adoptName+".exe") || !strings.HasSuffix(cfg.BinaryPathName, " service run") {
		t.Errorf("service %s: start %d, account %q, ImagePath %q; want manual (STARTTYPE), NT SERVICE\\%s, %s.exe service run",
			adoptName, cfg.StartType, cfg.ServiceStartName, cfg.BinaryPathName, adoptName, adoptName)
	}
	if v := adoptReg(t, "StartType"); v != "manual" {
		t.Errorf(`HKLM\%s StartType = %q, want manual`, adoptKey, v)
	}
	body := adoptGet(t, "http://"+addr+"/healthz")
	if body != "ok\n" {
		t.Errorf("GET /healthz = %q, want ok", body)
	}
	if body := adoptGet(t, "http://"+addr+"/version"); !strings.Contains(body, `"version":"0.1.0"`) {
		t.Errorf("GET /version = %q, want version 0.1.0", body)
	}
	dataDir := service.DataDir(adoptName)
	if _, err := os.Stat(dataDir); err != nil {
		t.Errorf("no data folder after install: %v", err)
	}
	checkCrashDumpsInstalled(t, adoptName, dataDir)

	// The installed value given again is no change; a change to the
	// installed product without a registry-rewriting repair is refused
	// (ChangeNeedsRegistry); the repair /fomus applies it, and a
	// later plain repair keeps it (remembered).
	sameValueIsNoChange(t, pkg)
	if code, log := adoptMsiexec(t, "/i", pkg, `STARTTYPE="auto"`); code == 0 || !strings.Contains(log, "only through a repair that rewrites its registry values") {
		t.Errorf("STARTTYPE=auto given to the installed product without /fomus: exit %d, want a refusal (ChangeNeedsRegistry); log:\n%s", code, tail(log))
	}
	if code, log := adoptRepair(t, pkg, `STARTTYPE="auto"`); code != 0 {
		t.Fatalf("repair with STARTTYPE=auto: exit %d; log:\n%s", code, tail(log))
	}
	for _, step := range []string{"repair with STARTTYPE=auto", "plain repair"} {
		if cfg, _ := adoptService(t); cfg.StartType != mgr.StartAutomatic {
			t.Errorf("after the %s: start type %d, want auto (%d)", step, cfg.StartType, mgr.StartAutomatic)
		}
		if v := adoptReg(t, "StartType"); v != "auto" {
			t.Errorf(`after the %s: HKLM\%s StartType = %q, want auto`, step, adoptKey, v)
		}
		if step == "plain repair" {
			break
		}
		if code, log := adoptRepair(t, pkg); code != 0 {
			t.Fatalf("plain repair: exit %d; log:\n%s", code, tail(log))
		}
	}
	adoptGet(t, "http://"+addr+"/healthz")

	// Uninstall with REMOVEDATA=1: the service, its key, its program and its data are gone.
	if code, log := adoptMsiexec(t, "/x", pkg, `REMOVEDATA="1"`); code != 0 {
		t.Fatalf("uninstall: exit %d; log:\n%s", code, tail(log))
	}
	if _, found := adoptService(t); found {
		t.Error("uninstall left the service")
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, adoptKey, registry.QUERY_VALUE|registry.WOW64_64KEY); err == nil {
		k.Close()
		t.Errorf(`uninstall left HKLM\%s`, adoptKey)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("uninstall with REMOVEDATA=1 left %s: %v", dataDir, err)
	}
	checkCrashDumpsRemoved(t, adoptName)
	if _, err := os.Stat(imageExe(cfg.BinaryPathName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("uninstall left the program %s: %v", imageExe(cfg.BinaryPathName), err)
	}
}

// adoptMsiexec runs msiexec with a verbose log and returns its exit code and
// the log. The command line is written out: msiexec wants NAME="value".
func adoptMsiexec(t *testing.T, op, pkg string, props ...string) (int, string) {
	t.Helper()
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(testtemp.Dir(t), "msiexec.log")
	line := strings.Join(append(append([]string{"msiexec", op, `"` + pkg + `"`}, props...), "/qn", "/l*v", `"`+log+`"`), " ")
	var exit *exec.ExitError
	for attempt := 1; ; attempt++ {
		cmd := exec.Command(filepath.Join(sys, "msiexec.exe"))
		cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: line}
		err = cmd.Run()
		// Wine only: its CreateProcess fails now and then with
		// ERROR_INTERNAL_ERROR before msiexec ran; start it again.
		if !underWine() || attempt == 3 || !errors.Is(err, windows.ERROR_INTERNAL_ERROR) {
			break
		}
		t.Logf("%s %s: %v; starting it again", smoke.RetryMarker, line, err)
		time.Sleep(time.Second)
	}
	code := 0
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", line, err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("%s (exit %d) wrote no log: %v", line, code, err)
	}
	t.Logf("%s: exit %d", line, code)
	return code, decodeUTF16Log(b)
}

// adoptRepair is `msiexec /fomus pkg`. Wine's msiexec fails /f with a
// package path (1605), so there it is the same repair spelt as properties.
func adoptRepair(t *testing.T, pkg string, props ...string) (int, string) {
	t.Helper()
	if underWine() {
		return adoptMsiexec(t, "/i", pkg, append([]string{`REINSTALL="ALL"`, `REINSTALLMODE="omus"`}, props...)...)
	}
	return adoptMsiexec(t, "/fomus", pkg, props...)
}

// decodeUTF16Log reads msiexec's log, UTF-16LE with a BOM on Windows, 8-bit
// text under Wine.
func decodeUTF16Log(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE {
		u := make([]uint16, (len(b)-2)/2)
		for i := range u {
			u[i] = uint16(b[2+2*i]) | uint16(b[3+2*i])<<8
		}
		return windows.UTF16ToString(u)
	}
	return string(b)
}

func tail(log string) string {
	if len(log) > 8000 {
		return "…" + log[len(log)-8000:]
	}
	return log
}

func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// adoptService reads the service's configuration with QueryServiceConfig
// alone: mgr's Config also asks QueryServiceConfig2 for the description,
// which Wine 8.0 refuses ("Invalid level").
func adoptService(t *testing.T) (mgr.Config, bool) {
	t.Helper()
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(adoptName)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return mgr.Config{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var needed uint32
	buf := make([]byte, 8192)
	if err := windows.QueryServiceConfig(s.Handle, (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(&buf[0])), uint32(len(buf)), &needed); err != nil {
		t.Fatalf("query the configuration of %s: %v", adoptName, err)
	}
	c := (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(&buf[0]))
	return mgr.Config{
		StartType:        c.StartType,
		ServiceStartName: windows.UTF16PtrToString(c.ServiceStartName),
		BinaryPathName:   windows.UTF16PtrToString(c.BinaryPathName),
	}, true
}

func adoptReg(t *testing.T, name string) string {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, adoptKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		t.Fatalf(`open HKLM\%s: %v`, adoptKey, err)
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	if err != nil {
		t.Fatalf(`HKLM\%s %s: %v`, adoptKey, name, err)
	}
	return v
}

// adoptGet waits up to 30 s for the service (the install starts it) to answer.
func adoptGet(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	var last error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := client.Get(url)
		if err != nil {
			last = err
			continue
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			last = errors.Join(err, errors.New(resp.Status))
			continue
		}
		return string(b)
	}
	t.Fatalf("GET %s: %v (30 s after the install)", url, last)
	return ""
}

// imageExe is the program an ImagePath runs: quoted, or (as Wine writes it
// before configure quotes it) up to ".exe".
func imageExe(image string) string {
	if rest, ok := strings.CutPrefix(image, `"`); ok {
		exe, _, _ := strings.Cut(rest, `"`)
		return exe
	}
	if i := strings.Index(strings.ToLower(image), ".exe"); i >= 0 {
		return image[:i+len(".exe")]
	}
	return image
}

// foreignService installs over a service named like the product that runs
// notepad.exe: the install must fail and leave that service as it was.
func foreignService(t *testing.T, pkg string) {
	t.Helper()
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		t.Fatal(err)
	}
	notepad := filepath.Join(sys, "notepad.exe")
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	s, err := m.CreateService(adoptName, notepad, mgr.Config{StartType: mgr.StartManual})
	if err != nil {
		t.Fatalf("create the foreign service: %v", err)
	}
	defer func() {
		if err := s.Delete(); err != nil {
			t.Errorf("delete the foreign service: %v", err)
		}
		s.Close()
	}()
	code, log := adoptMsiexec(t, "/i", pkg)
	if code == 0 || !strings.Contains(log, "already exists and was not installed by this product") {
		t.Errorf("install over a foreign service %s: exit %d, want a refusal (ForeignService); log:\n%s", adoptName, code, tail(log))
	}
	cfg, found := adoptService(t)
	if !found || !strings.Contains(strings.ToLower(cfg.BinaryPathName), "notepad.exe") {
		t.Errorf("after the refused install the foreign service is found %v with ImagePath %q, want it unchanged (%s)", found, cfg.BinaryPathName, notepad)
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, adoptKey, registry.QUERY_VALUE|registry.WOW64_64KEY); err == nil {
		k.Close()
		t.Errorf(`the refused install wrote HKLM\%s`, adoptKey)
	}
}
