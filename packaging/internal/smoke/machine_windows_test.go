package smoke

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
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

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/clip"
)

const uninstallKey = `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`

// The product's names on the machine, all from svcpack.yaml.
func serviceKey() string  { return `SYSTEM\CurrentControlSet\Services\` + prod.Name }
func eventKey() string    { return `SYSTEM\CurrentControlSet\Services\EventLog\Application\` + prod.Name }
func rememberKey() string { return prod.InstallerKey() }                 // the installer key (docs/security.md)
func recallKey() string   { return prod.InstallerKey() + `\Remembered` } // values an upgrade or repair recalls
func givenKey() string    { return prod.InstallerKey() + `\Given` }      // this msiexec run's values, until configure takes them
func defaultAddr() string { return prod.Smoke.Address }                  // where the service answers with no properties given

// addrValue is the address property's value that puts the service on addr
// (HOST:PORT): addr itself, its port, or a URL, as the property's pattern
// takes it (findAddressProperty).
func addrValue(addr string) string { return addrForm.value(addr) }

// addrMention is what the service's log says of addr when it cannot use it:
// addr for a HOST:PORT property; for a port or a URL only ":PORT" is sure
// (a program given a port alone picks its own host).
func addrMention(addr string) string {
	if addrForm.name == "HOST:PORT" {
		return addr
	}
	_, port, _ := net.SplitHostPort(addr)
	return ":" + port
}

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
	return filepath.Join(programFiles(t), prod.Company, prod.Name)
}

func dataDir() string    { return service.DataDir(prod.Name) }
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

// editConfig writes config.json as an administrator would: the keys the
// program wrote (if it wrote the file) in reverse order, CRLF line ends,
// four-space indent, with the address property's setting moved to listen
// when the product has one, so that "byte-identical" after an upgrade or
// repair means something. A program without a config file gets one of the
// admin's own, which the product must leave alone just the same. It returns
// the bytes.
func editConfig(t *testing.T, listen string) []byte {
	t.Helper()
	values := map[string]json.RawMessage{}
	if b, err := os.ReadFile(configPath()); err == nil {
		if err := json.Unmarshal(b, &values); err != nil {
			t.Fatalf("%s: %v", configPath(), err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	} else {
		values["edited_by"] = json.RawMessage(`"the administrator"`)
	}
	if addrProp != nil && listen != "" {
		values[addrProp.Setting], _ = json.Marshal(addrValue(listen))
	}
	keys := slices.Sorted(maps.Keys(values))
	slices.Reverse(keys)
	var b strings.Builder
	b.WriteString("{\r\n")
	for i, k := range keys {
		name, _ := json.Marshal(k)
		fmt.Fprintf(&b, "    %s: %s", name, values[k])
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\r\n")
	}
	b.WriteString("}\r\n")
	if err := os.WriteFile(configPath(), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
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

// removeDataDir deletes %ProgramData%\<name> with the shell's rd: Go's
// os.RemoveAll does not work under Wine 8.0 (internal/testtemp says why).
func removeDataDir(t *testing.T) {
	t.Helper()
	if !exists(dataDir()) {
		return
	}
	var out bytes.Buffer
	err := runStarted(t, "rd "+dataDir(), func() *exec.Cmd {
		out.Reset()
		cmd := exec.Command("cmd", "/c", "rd", "/s", "/q", dataDir())
		cmd.Stdout, cmd.Stderr = &out, &out
		return cmd
	})
	if err != nil || exists(dataDir()) {
		t.Errorf("remove %s: %v %s", dataDir(), err, out.Bytes())
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

// arpEntry is one Add/Remove Programs entry.
type arpEntry struct {
	code    string // the ProductCode, the entry's key name
	version string // DisplayVersion
}

// products lists the Add/Remove Programs entries of the product (its name).
func products(t *testing.T) []arpEntry {
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
	var ps []arpEntry
	for _, n := range names {
		key := uninstallKey + `\` + n
		if name, _ := regValue(t, key, "DisplayName"); name == prod.Name {
			v, _ := regValue(t, key, "DisplayVersion")
			ps = append(ps, arpEntry{code: n, version: v})
		}
	}
	return ps
}

var msiQueryProductState = windows.NewLazySystemDLL("msi.dll").NewProc("MsiQueryProductStateW")

const installStateDefault = 5 // INSTALLSTATE_DEFAULT: installed for the machine

// wantProduct fails the test unless exactly one entry of the product is in
// Add/Remove Programs, with p's ProductVersion and ProductCode, and Windows
// Installer agrees that its ProductCode is installed. It returns the entry.
func wantProduct(t *testing.T, p Package) arpEntry {
	t.Helper()
	ps := products(t)
	if len(ps) != 1 || ps[0].version != p.Version || !strings.EqualFold(ps[0].code, p.Code) {
		t.Fatalf("Add/Remove Programs lists %v, want one %s %s %s", ps, prod.Name, p.Version, p.Code)
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

// serviceStatus asks the SCM; found is false when there is no service.
func serviceStatus(t *testing.T) (st svc.Status, found bool) {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		return svc.Status{}, false
	}
	defer s.Close()
	st, err := s.Query()
	if err != nil {
		t.Fatalf("query %s: %v", prod.Name, err)
	}
	return st, true
}

// openService opens the service through the SCM; the caller closes it.
func openService(t *testing.T) (*mgr.Service, bool) {
	t.Helper()
	m, err := mgr.Connect()
	if err != nil {
		t.Fatalf("connect to the SCM: %v", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(prod.Name)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return nil, false
	}
	if err != nil {
		t.Fatalf("open service %s: %v", prod.Name, err)
	}
	return s, true
}

// wantRunning fails the test unless the service is RUNNING and answers
// smoke.health and smoke.request on addr.
func wantRunning(t *testing.T, addr string) {
	t.Helper()
	st, found := serviceStatus(t)
	if !found || st.State != svc.Running {
		t.Fatalf("service %s: found %v, state %d; want RUNNING (%d)\n%s", prod.Name, found, st.State, svc.Running, serviceLog())
	}
	if code, _ := get(t, http.MethodGet, addr, prod.Smoke.Health); code != http.StatusOK {
		t.Fatalf("GET %s on %s = %d, want 200 (smoke.health)\n%s", prod.Smoke.Health, addr, code, serviceLog())
	}
	req := prod.Smoke.Request
	if req.Path == "" {
		return
	}
	if code, body := get(t, req.Method, addr, req.Path); code != req.Status || !strings.Contains(body, req.BodyContains) {
		t.Fatalf("%s %s on %s = %d %s; want %d and a body containing %q (smoke.request)\n%s",
			req.Method, req.Path, addr, code, clip.Quote(body), req.Status, req.BodyContains, serviceLog())
	}
}

// stopService stops the service and waits for STOPPED.
func stopService(t *testing.T) {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		t.Fatal("no service to stop")
	}
	defer s.Close()
	// A service reports STOPPED before its process has exited (on Windows as
	// under Wine), and the exe stays locked until it has: a case that deletes
	// the exe next must wait for the process itself. Its handle is opened
	// before the stop, so the wait cannot reach another process given the pid.
	var proc windows.Handle
	if st, err := s.Query(); err == nil && st.ProcessId != 0 {
		if h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, st.ProcessId); err == nil {
			proc = h
			defer windows.CloseHandle(proc)
		}
	}
	// One already stopping (left so by Wine's StopServices, which does not
	// wait) accepts no second Stop: it is waited for.
	st, err := s.Query()
	if err == nil && st.State != svc.StopPending && st.State != svc.Stopped {
		st, err = s.Control(svc.Stop)
	}
	for deadline := time.Now().Add(30 * time.Second); err == nil && st.State != svc.Stopped; {
		if time.Now().After(deadline) {
			t.Fatalf("service %s still in state %d 30s after Stop", prod.Name, st.State)
		}
		time.Sleep(50 * time.Millisecond)
		st, err = s.Query()
	}
	if err != nil {
		t.Fatalf("stop %s: %v", prod.Name, err)
	}
	if proc != 0 {
		if ev, err := windows.WaitForSingleObject(proc, 30000); err != nil || ev != windows.WAIT_OBJECT_0 {
			t.Fatalf("service %s: its process did not exit within 30s of STOPPED (%v)", prod.Name, err)
		}
	}
}

// stoppedForWine does, under Wine only, what Windows' StopServices does before
// a repair replaces the running program: stop the service and wait until its
// process has exited. Wine's StopServices returns before that (docs/platform.md),
// and its StartServices then fails now and then to start the new process of a
// service whose old one is still exiting. Cases that repair a service seconds
// after it started use it, and so do the cases whose uninstall must leave a
// clean machine: a service that stops gracefully (a stop command, a program
// that drains) is still stopping when Wine's RemoveFiles and DeleteServices
// run, which leaves its folder and a STOP_PENDING service behind. The upgrade
// cases keep the service running, as Windows does (TestRepeatedUpgrades
// retries instead, wineStartRetry).
func stoppedForWine(t *testing.T) {
	t.Helper()
	if wineVersion == "" {
		return
	}
	st, found := serviceStatus(t)
	if !found || st.State == svc.Stopped {
		return
	}
	stopService(t) // waits for the process too
}

// restartService stops and starts the service, so it reads its config again.
func restartService(t *testing.T) {
	t.Helper()
	stopService(t)
	startService(t)
}

// startService starts the stopped service and waits for RUNNING.
func startService(t *testing.T) {
	t.Helper()
	s, _ := openService(t)
	defer s.Close()
	if err := s.Start(); err != nil {
		t.Fatalf("start %s: %v", prod.Name, err)
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
			t.Fatalf("service %s did not start again: state %d, exit %d/%d\n%s", prod.Name, st.State, st.Win32ExitCode, st.ServiceSpecificExitCode, serviceLog())
		}
	}
}

// productServices lists the services whose name or ImagePath mention the
// product's name: after any step, at most the one.
func productServices(t *testing.T) []string {
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
		if strings.Contains(strings.ToLower(n+image), prod.Name) {
			found = append(found, n)
		}
	}
	slices.Sort(found)
	return found
}

// serviceLogPath is where svcpack's runtime writes the service's log.
func serviceLogPath() string { return filepath.Join(dataDir(), "logs", prod.Name+".log") }

// serviceLog is the service's own log, for a failure message: its stderr
// goes nowhere.
func serviceLog() string {
	b, err := os.ReadFile(serviceLogPath())
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

// get sends method http://addr+path, retrying for a few seconds while
// nothing answers (a guard against a port bound a moment after RUNNING, not a
// timing).
func get(t *testing.T, method, addr, path string) (int, string) {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		req, err := http.NewRequest(method, "http://"+addr+path, nil)
		if err != nil {
			t.Fatalf("%s %s%s: %v", method, addr, path, err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("%s %s%s: %v", method, addr, path, err)
			}
			return resp.StatusCode, string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s%s: %v\n%s", method, addr, path, err, serviceLog())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// wantRemembered checks what the MSI remembers for the next upgrade or
// repair: the address property's value listen ("": none) and the start
// type; and that the configure action took this run's values out of the
// channel (so a later run that does not rewrite the registry cannot apply
// them again over an edited config).
func wantRemembered(t *testing.T, listen, start string) {
	t.Helper()
	if addrProp != nil {
		if listen != "" {
			listen = addrValue(listen)
		}
		wantSetting(t, *addrProp, listen)
	}
	wantReg(t, rememberKey(), "StartType", start)
}

// wantSetting checks the registry channel of a property that reaches a
// program setting: Remembered\<setting> holds value ("": none) when the
// property is remembered, and Given\<setting> is gone.
func wantSetting(t *testing.T, prop product.Property, value string) {
	t.Helper()
	if prop.Remembered {
		if value == "" {
			if v, _ := regValue(t, recallKey(), prop.Setting); v != "" {
				t.Errorf(`HKLM\%s\%s = %q, want none`, recallKey(), prop.Setting, v)
			}
		} else {
			wantReg(t, recallKey(), prop.Setting, value)
		}
	}
	if v, found := regValue(t, givenKey(), prop.Setting); found {
		t.Errorf(`HKLM\%s\%s = %q is still there: configure did not take it`, givenKey(), prop.Setting, v)
	}
}

// configSetting is a setting's value in config.json ("" if absent).
func configSetting(t *testing.T, setting string) string {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(readFile(t, configPath()), &c); err != nil {
		t.Fatalf("%s: %v", configPath(), err)
	}
	v, _ := c[setting].(string)
	return v
}

// startCode is the SCM's Start value for a STARTTYPE.
func startCode(start string) string {
	if start == "manual" {
		return "3"
	}
	return "2"
}
