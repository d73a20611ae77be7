package msiwine

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/svcpack/svcpack/packaging/msidb"
	"github.com/svcpack/svcpack/packaging/wine"
)

const (
	serviceKey   = `HKLM\SYSTEM\CurrentControlSet\Services\hellosvc`
	eventKey     = `HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\hellosvc`
	rememberKey  = `HKLM\SOFTWARE\svcpack\hellosvc`
	uninstallKey = `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\`
)

// msiexec runs Wine's msiexec with args, /qn and a verbose log, and returns
// the log. Its exit status is not returned: Wine's does not follow Windows'
// (a failed install exits 91, not 1603), so tests judge by log and state.
func msiexec(t *testing.T, args ...string) string {
	t.Helper()
	log := filepath.Join(t.TempDir(), "msiexec.log")
	if d := os.Getenv("MSIWINE_LOGDIR"); d != "" {
		log = filepath.Join(d, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".log")
	}
	args = append(args, "/qn", "/l*v", wine.WinPath(log))
	out, err := prefix.Run(context.Background(), "msiexec", args...)
	b, rerr := os.ReadFile(log)
	if rerr != nil {
		t.Fatalf("msiexec %s wrote no log (%v): %v\n%s", strings.Join(args, " "), rerr, err, out)
	}
	t.Logf("msiexec %s: %v", strings.Join(args, " "), err)
	return decodeLog(b)
}

// decodeLog reads a log Windows may write as UTF-16 (with a BOM) or as ANSI.
func decodeLog(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE {
		u := make([]uint16, (len(b)-2)/2)
		for i := range u {
			u[i] = uint16(b[2+2*i]) | uint16(b[3+2*i])<<8
		}
		b = []byte(string(utf16.Decode(u)))
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// serviceState is the state `sc query` reports (RUNNING, STOPPED, …), or ""
// when there is no such service.
func serviceState(t *testing.T) string {
	t.Helper()
	out, err := prefix.Run(context.Background(), "sc", "query", "hellosvc")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "STATE" {
			f := strings.Fields(v)
			return f[len(f)-1]
		}
	}
	t.Fatalf("sc query hellosvc: no STATE in %q", out)
	return ""
}

// get fetches http://addr/path, retrying for a few seconds while the
// service binds its port.
func get(addr, path string) (string, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + path)
		if err == nil {
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr == nil && resp.StatusCode != http.StatusOK {
				rerr = fmt.Errorf("GET %s: %s", path, resp.Status)
			}
			return string(body), rerr
		}
		if time.Now().After(deadline) {
			return "", err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freeAddr is a loopback address with a port nobody listens on; Wine's
// loopback is the host's.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func regValue(t *testing.T, key, name string) (string, bool) {
	t.Helper()
	v, found, err := prefix.RegValue(context.Background(), key, name)
	if err != nil {
		t.Fatal(err)
	}
	return v, found
}

func regKeyExists(t *testing.T, key string) bool {
	t.Helper()
	ok, err := prefix.RegKeyExists(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func productCode(t *testing.T, path string) string {
	t.Helper()
	props, err := msidb.Export(context.Background(), path, "Property")
	if err != nil {
		t.Fatal(err)
	}
	return props.Find("Property", "ProductCode")[0]["Value"]
}

// customFolder is where the install puts the program: not the default, and
// with a space, so that remembering INSTALLFOLDER and quoting the ImagePath
// are both tested.
const customFolder = `C:\svcpack test\hellosvc\`

func installedExe() string {
	return filepath.Join(prefix.DriveC(), "svcpack test", "hellosvc", "hellosvc.exe")
}

func defaultExe() string {
	return filepath.Join(prefix.DriveC(), "Program Files", "svcpack", "hellosvc", "hellosvc.exe")
}

func configFile() string { return filepath.Join(prefix.ProgramData(), "hellosvc", "config.json") }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// assertNothingInstalled checks that the machine holds no trace of the
// product: what a launch condition must guarantee and a rollback restore.
func assertNothingInstalled(t *testing.T, msiPath string) {
	t.Helper()
	if s := serviceState(t); s != "" {
		t.Errorf("service hellosvc exists (%s)", s)
	}
	for _, exe := range []string{installedExe(), defaultExe()} {
		if fileExists(exe) {
			t.Errorf("%s exists", exe)
		}
	}
	for _, key := range []string{rememberKey, eventKey, uninstallKey + productCode(t, msiPath)} {
		if regKeyExists(t, key) {
			t.Errorf("registry key %s exists", key)
		}
	}
}

// assertLogHas wants each line fragment somewhere in the log.
func assertLogHas(t *testing.T, log string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(log, f) {
			t.Errorf("log lacks %q", f)
		}
	}
	if t.Failed() {
		t.Logf("log tail:\n%s", tail(log, 60))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// serviceFiles is the service's config and logs, for a failure message.
func serviceFiles() string {
	var b strings.Builder
	dir := filepath.Join(prefix.ProgramData(), "hellosvc")
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(path)
		fmt.Fprintf(&b, "--- %s\n%s\n", path, tail(string(data), 20))
		return nil
	})
	if b.Len() == 0 {
		return "no files in " + dir
	}
	return b.String()
}
