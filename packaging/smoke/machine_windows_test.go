package smoke

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"

	"github.com/svcpack/svcpack/service"
)

const (
	serviceName  = "hellosvc"
	serviceKey   = `SYSTEM\CurrentControlSet\Services\hellosvc`
	eventKey     = `SYSTEM\CurrentControlSet\Services\EventLog\Application\hellosvc`
	rememberKey  = `SOFTWARE\svcpack\hellosvc` // the installer key (wix/hellosvc.wxs)
	recallKey    = rememberKey + `\Remembered` // values an upgrade or repair recalls
	givenKey     = rememberKey + `\Given`      // this msiexec run's values, until configure takes them
	uninstallKey = `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`
	defaultAddr  = "127.0.0.1:8080" // hellosvc's default listen address
)

// --- files

func programFiles(t *testing.T) string {
	t.Helper()
	p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramFiles, 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// defaultFolder is INSTALLFOLDER when none is given.
func defaultFolder(t *testing.T) string {
	return filepath.Join(programFiles(t), "svcpack", "hellosvc")
}

func dataDir() string    { return service.DataDir(serviceName) }
func configPath() string { return filepath.Join(dataDir(), "config.json") }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editConfig writes config.json as an administrator would: its own key
// order, CRLF line ends, four-space indent, the demo endpoint turned on, so
// that "byte-identical" after an upgrade or repair means something. It
// returns the bytes.
func editConfig(t *testing.T, listen string) []byte {
	t.Helper()
	b := []byte("{\r\n    \"demo_delay_endpoint\": true,\r\n    \"listen\": \"" + listen + "\"\r\n}\r\n")
	if err := os.WriteFile(configPath(), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// tree lists the files below dir (relative paths with sizes), for
// "nothing was added or lost".
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			files = append(files, rel+`\`)
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// removeDataDir deletes %ProgramData%\hellosvc with the shell's rd: Go's
// os.RemoveAll does not work under Wine 8.0 (internal/testtemp says why).
func removeDataDir(t *testing.T) {
	t.Helper()
	if !exists(dataDir()) {
		return
	}
	if out, err := exec.Command("cmd", "/c", "rd", "/s", "/q", dataDir()).CombinedOutput(); err != nil || exists(dataDir()) {
		t.Errorf("remove %s: %v %s", dataDir(), err, out)
	}
}

// --- registry

// regValue reads a string or DWORD value as text; found is false when the
// key or value is missing.
func regValue(t *testing.T, key, name string) (value string, found bool) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatalf(`open HKLM\%s: %v`, key, err)
	}
	defer k.Close()
	if s, _, err := k.GetStringValue(name); err == nil {
		return s, true
	}
	n, _, err := k.GetIntegerValue(name)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatalf(`read HKLM\%s\%s: %v`, key, name, err)
	}
	return strconv.FormatUint(n, 10), true
}

func keyExists(t *testing.T, key string) bool {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, key, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false
	}
	if err != nil {
		t.Fatalf(`open HKLM\%s: %v`, key, err)
	}
	k.Close()
	return true
}

// wantReg fails the test unless HKLM\key\name holds want.
func wantReg(t *testing.T, key, name, want string) {
	t.Helper()
	if got, found := regValue(t, key, name); !found || got != want {
		t.Errorf(`HKLM\%s\%s = %q (found %v), want %q`, key, name, got, found, want)
	}
}

// product is one Add/Remove Programs entry.
type product struct {
	code    string // the ProductCode, the entry's key name
	version string // DisplayVersion
}

// products lists the Add/Remove Programs entries named hellosvc.
func products(t *testing.T) []product {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, uninstallKey, registry.ENUMERATE_SUB_KEYS)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	names, err := k.ReadSubKeyNames(-1)
	if err != nil {
		t.Fatal(err)
	}
	var ps []product
	for _, n := range names {
		key := uninstallKey + `\` + n
		if name, _ := regValue(t, key, "DisplayName"); name == serviceName {
			v, _ := regValue(t, key, "DisplayVersion")
			ps = append(ps, product{code: n, version: v})
		}
	}
	return ps
}

var msiQueryProductState = windows.NewLazySystemDLL("msi.dll").NewProc("MsiQueryProductStateW")

const installStateDefault = 5 // INSTALLSTATE_DEFAULT: installed for the machine

// wantProduct fails the test unless exactly one hellosvc is in Add/Remove
// Programs, with ProductVersion version, and Windows Installer agrees that
// its ProductCode is installed. It returns the entry.
func wantProduct(t *testing.T, version string) product {
	t.Helper()
	ps := products(t)
	if len(ps) != 1 || ps[0].version != version {
		t.Fatalf("Add/Remove Programs lists %v, want one hellosvc %s", ps, version)
	}
	code, err := windows.UTF16PtrFromString(ps[0].code)
	if err != nil {
		t.Fatal(err)
	}
	if st, _, _ := msiQueryProductState.Call(uintptr(unsafe.Pointer(code))); int32(st) != installStateDefault {
		t.Fatalf("MsiQueryProductState(%s) = %d, want %d (installed)", ps[0].code, int32(st), installStateDefault)
	}
	return ps[0]
}

// --- service

// serviceStatus asks the SCM; found is false when there is no hellosvc.
func serviceStatus(t *testing.T) (st svc.Status, found bool) {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		return svc.Status{}, false
	}
	defer s.Close()
	st, err := s.Query()
	if err != nil {
		t.Fatalf("query %s: %v", serviceName, err)
	}
	return st, true
}

// openService opens hellosvc through the SCM; the caller closes it.
func openService(t *testing.T) (*mgr.Service, bool) {
	t.Helper()
	m, err := mgr.Connect()
	if err != nil {
		t.Fatalf("connect to the SCM: %v", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return nil, false
	}
	if err != nil {
		t.Fatalf("open service %s: %v", serviceName, err)
	}
	return s, true
}

// wantRunning fails the test unless hellosvc is RUNNING and answers
// /healthz and /version (version v) on addr.
func wantRunning(t *testing.T, addr, v string) {
	t.Helper()
	st, found := serviceStatus(t)
	if !found || st.State != svc.Running {
		t.Fatalf("service %s: found %v, state %d; want RUNNING (%d)\n%s", serviceName, found, st.State, svc.Running, serviceLog())
	}
	if code, body := get(t, addr, "/healthz"); code != http.StatusOK || body != "ok" {
		t.Fatalf("GET /healthz on %s = %d %q, want 200 ok\n%s", addr, code, body, serviceLog())
	}
	if _, body := get(t, addr, "/version"); !strings.Contains(body, `"version":"`+v+`"`) {
		t.Fatalf("GET /version on %s = %q, want version %s", addr, body, v)
	}
}

// stopService stops hellosvc and waits for STOPPED.
func stopService(t *testing.T) {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		t.Fatal("no service to stop")
	}
	defer s.Close()
	st, err := s.Control(svc.Stop)
	for deadline := time.Now().Add(30 * time.Second); err == nil && st.State != svc.Stopped; {
		if time.Now().After(deadline) {
			t.Fatalf("service %s still in state %d 30s after Stop", serviceName, st.State)
		}
		time.Sleep(50 * time.Millisecond)
		st, err = s.Query()
	}
	if err != nil {
		t.Fatalf("stop %s: %v", serviceName, err)
	}
}

// stoppedForWine does, under Wine only, what Windows' StopServices does before
// a repair replaces the running program: stop the service and wait until its
// process has exited. Wine's StopServices returns before that (docs/platform.md),
// and its StartServices then fails now and then to start the new process of a
// service whose old one is still exiting. Cases that repair a service seconds
// after it started use it; the upgrade cases keep the service running, as
// Windows does.
func stoppedForWine(t *testing.T) {
	t.Helper()
	if wineVersion == "" {
		return
	}
	st, found := serviceStatus(t)
	if !found || st.State == svc.Stopped {
		return
	}
	pid := st.ProcessId
	stopService(t)
	if pid == 0 {
		return
	}
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, pid)
	if err != nil {
		return // already gone
	}
	defer windows.CloseHandle(h)
	if ev, err := windows.WaitForSingleObject(h, 30000); err != nil || ev != windows.WAIT_OBJECT_0 {
		t.Fatalf("service process %d did not exit within 30s of STOPPED (%v)", pid, err)
	}
}

// restartService stops and starts hellosvc, so it reads its config again.
func restartService(t *testing.T) {
	t.Helper()
	stopService(t)
	s, _ := openService(t)
	defer s.Close()
	if err := s.Start(); err != nil {
		t.Fatalf("start %s: %v", serviceName, err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st, err := s.Query()
		if err != nil {
			t.Fatal(err)
		}
		if st.State == svc.Running {
			return
		}
		if st.State == svc.Stopped || time.Now().After(deadline) {
			t.Fatalf("service %s did not start again: state %d, exit %d/%d\n%s", serviceName, st.State, st.Win32ExitCode, st.ServiceSpecificExitCode, serviceLog())
		}
	}
}

// hellosvcServices lists the services whose name or ImagePath mention
// hellosvc: after any step, at most the one.
func hellosvcServices(t *testing.T) []string {
	t.Helper()
	m, err := mgr.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Disconnect()
	names, err := m.ListServices()
	if err != nil {
		t.Fatalf("list services: %v", err)
	}
	var found []string
	for _, n := range names {
		image, _ := regValue(t, `SYSTEM\CurrentControlSet\Services\`+n, "ImagePath")
		if strings.Contains(strings.ToLower(n+image), serviceName) {
			found = append(found, n)
		}
	}
	slices.Sort(found)
	return found
}

// serviceLog is the service's own log, for a failure message: its stderr
// goes nowhere.
func serviceLog() string {
	b, err := os.ReadFile(filepath.Join(dataDir(), "logs", "hellosvc.log"))
	if err != nil {
		return "(no service log: " + err.Error() + ")"
	}
	return "service log:\n" + tail(string(b), 20)
}

// --- network

// freeAddr is a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln := listen(t, "127.0.0.1:0")
	defer ln.Close()
	return ln.Addr().String()
}

func listen(t *testing.T, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	return ln
}

// get fetches http://addr+path, retrying for a few seconds while nothing
// answers (a guard against a port bound a moment after RUNNING, not a timing).
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + path)
		if err == nil {
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("GET %s%s: %v", addr, path, err)
			}
			return resp.StatusCode, string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s%s: %v\n%s", addr, path, err, serviceLog())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wantRemembered checks what the MSI remembers for the next upgrade or
// repair, and that the configure action took this run's values out of the
// channel (so a later run that does not rewrite the registry cannot apply
// them again over an edited config).
func wantRemembered(t *testing.T, listen, start string) {
	t.Helper()
	if listen == "" {
		if v, _ := regValue(t, recallKey, "listen"); v != "" {
			t.Errorf(`HKLM\%s\listen = %q, want none`, recallKey, v)
		}
	} else {
		wantReg(t, recallKey, "listen", listen)
	}
	wantReg(t, rememberKey, "StartType", start)
	if v, found := regValue(t, givenKey, "listen"); found {
		t.Errorf(`HKLM\%s\listen = %q is still there: configure did not take it`, givenKey, v)
	}
}
