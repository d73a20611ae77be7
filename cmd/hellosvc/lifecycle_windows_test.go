package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

// TestServiceLifecycle drives the real hellosvc.exe through the real SCM
// (Wine's here, Windows' in CI): install, start, /healthz, stop while a slow
// request is in flight (it must complete), uninstall, service gone.
// It needs HELLOSVC_EXE (mage builds it), or a Go toolchain to build one.
func TestServiceLifecycle(t *testing.T) {
	exe := installedCopy(t, helloExe(t))
	addr := freeAddr(t)

	runExe(t, exe, 0, "service", "install", "--set", "listen="+addr, "--set", "demo_delay_endpoint=true")
	t.Cleanup(func() { _ = exec.Command(exe, "service", "uninstall").Run() })
	t.Cleanup(func() { dumpServiceLog(t) })
	checkImagePath(t, exe)

	// A bad config fails the start with the config exit code, seen by the SCM.
	configPath := filepath.Join(service.DataDir("hellosvc"), "config.json")
	good, err := os.ReadFile(configPath)
	if err != nil {
		t.Fatalf("install did not write the config: %v", err)
	}
	if err := os.WriteFile(configPath, []byte(`{"listen": "8080"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	runExe(t, exe, exitcode.Config, "service", "start")
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, "service-specific exit code 3") {
		t.Fatalf("status does not show the config exit code:\n%s", out)
	}
	// A directory where config.json belongs is a config error too, not
	// "Invalid function." with the start-failed code.
	if err := os.Remove(configPath); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(configPath, 0o755); err != nil {
		t.Fatal(err)
	}
	runExe(t, exe, exitcode.Config, "service", "start")
	if err := os.Remove(configPath); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(configPath, good, 0o644); err != nil {
		t.Fatal(err)
	}

	runExe(t, exe, 0, "service", "start")

	if code, body := get(t, "http://"+addr+"/healthz"); code != http.StatusOK || body != "ok" {
		t.Fatalf("/healthz = %d %q, want 200 ok", code, body)
	}

	// A slow request, in flight when the stop arrives, must still complete.
	resp, err := http.Get("http://" + addr + "/delay?d=2s")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "waiting") {
		t.Fatalf("slow request did not start: %q, %v", first, err)
	}
	rest := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(resp.Body)
		rest <- string(b)
	}()
	stopped := time.Now()
	runExe(t, exe, 0, "service", "stop")
	t.Logf("stop took %v with a 2s request in flight", time.Since(stopped))
	if body := <-rest; !strings.Contains(body, "done after 2s") {
		t.Fatalf("in-flight request cut off by stop: got %q", body)
	}
	if out := runExe(t, exe, 0, "service", "status"); !strings.Contains(out, "STOPPED") {
		t.Fatalf("status after stop:\n%s", out)
	}

	runExe(t, exe, 0, "service", "uninstall")
	checkServiceGone(t)
}

// TestServiceArgFromConsoleFailsFast: `hellosvc service run` typed in a
// console is not a service; it must say so and exit, not hang.
func TestServiceArgFromConsoleFailsFast(t *testing.T) {
	exe := helloExe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a hang guard, not a timing check
	defer cancel()
	began := time.Now()
	out, err := exec.CommandContext(ctx, exe, "service", "run").CombinedOutput()
	t.Logf("`service run` from a console returned in %v", time.Since(began))
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitcode.NotService {
		t.Fatalf("exit: %v (want code %d); output:\n%s", err, exitcode.NotService, out)
	}
	if !strings.Contains(string(out), "not by the Service Control Manager") {
		t.Fatalf("message does not explain: %s", out)
	}
}

func helloExe(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HELLOSVC_EXE"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	out := filepath.Join(testtemp.Dir(t), "hellosvc.exe")
	if b, err := exec.Command("go", "build", "-o", out, ".").CombinedOutput(); err != nil {
		t.Fatalf("HELLOSVC_EXE is unset and `go build` failed (under Wine, run through `go tool mage test`): %v\n%s", err, b)
	}
	return out
}

// installedCopy puts the exe under Program Files, in a directory with a
// space, as an MSI does: the ImagePath must be quoted to work.
func installedCopy(t *testing.T, src string) string {
	t.Helper()
	dir := filepath.Join(os.Getenv("ProgramFiles"), "svcpack test", "hellosvc")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "hellosvc.exe")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

// runExe runs the exe and fails the test unless it exits with want.
func runExe(t *testing.T, exe string, want int, args ...string) string {
	t.Helper()
	out, err := exec.Command(exe, args...).CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	if code != want {
		t.Fatalf("%s: exit %d, want %d; output:\n%s", strings.Join(args, " "), code, want, out)
	}
	return string(out)
}

func checkImagePath(t *testing.T, exe string) {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\hellosvc`, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	got, _, err := k.GetStringValue("ImagePath")
	if want := `"` + exe + `" service run`; err != nil || got != want {
		t.Fatalf("ImagePath = %q, %v; want %s", got, err, want)
	}
}

// checkServiceGone asks the SCM and the registry: the service, its key and
// its event source are gone. (Wine keeps the key of a service deleted while
// running until its SCM exits; ours is stopped first, so the check holds there.)
func checkServiceGone(t *testing.T) {
	t.Helper()
	m, err := windows.OpenSCManager(nil, nil, windows.SC_MANAGER_CONNECT)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseServiceHandle(m)
	name, _ := windows.UTF16PtrFromString("hellosvc")
	h, err := windows.OpenService(m, name, windows.SERVICE_QUERY_STATUS)
	if err == nil {
		windows.CloseServiceHandle(h)
		t.Fatal("the SCM still knows hellosvc after uninstall")
	}
	if !errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		t.Fatalf("OpenService after uninstall: %v, want ERROR_SERVICE_DOES_NOT_EXIST", err)
	}
	if _, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\EventLog\Application\hellosvc`, registry.QUERY_VALUE); err == nil {
		t.Fatal("event log source still registered after uninstall")
	}
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Services\hellosvc`, registry.QUERY_VALUE); err == nil {
		k.Close()
		t.Fatal("service registry key still there after uninstall")
	}
}

// dumpServiceLog shows the service's own log when the test failed: the
// service's stderr goes nowhere.
func dumpServiceLog(t *testing.T) {
	if !t.Failed() {
		return
	}
	path := filepath.Join(service.DataDir("hellosvc"), "logs", "hellosvc.log")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Logf("service log %s: %v", path, err)
		return
	}
	t.Logf("service log %s:\n%s", path, b)
}
