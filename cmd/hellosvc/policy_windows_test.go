package main

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service"
)

// policyKey is where the program reads its policy (svcpack.yaml's company
// and name).
var policyKey = `Software\Policies\` + declared.Company + `\` + declared.Name

// setPolicy writes listen as Group Policy's registry extension does for the
// template's text element: a REG_SZ named as the setting under
// HKLM\Software\Policies\svcpack\hellosvc.
func setPolicy(t *testing.T, listen string) {
	t.Helper()
	k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, policyKey, registry.SET_VALUE)
	if err != nil {
		t.Fatalf("create HKLM\\%s: %v", policyKey, err)
	}
	defer k.Close()
	if err := k.SetStringValue("listen", listen); err != nil {
		t.Fatalf("set HKLM\\%s\\listen: %v", policyKey, err)
	}
}

// removePolicy deletes the key and the company key, as Group Policy leaves
// a machine no policy applies to.
func removePolicy() {
	_ = registry.DeleteKey(registry.LOCAL_MACHINE, policyKey)
	_ = registry.DeleteKey(registry.LOCAL_MACHINE, `Software\Policies\`+declared.Company)
}

var demoFromFile = regexp.MustCompile(`Setting demo_delay_endpoint: +"(true|false)" \(config file\)`)

// waitLog waits until the service's log holds want (the wait bounds a
// failure; it is no timing assertion).
func waitLog(t *testing.T, want string) {
	t.Helper()
	path := filepath.Join(service.DataDir(name), "logs", name+".log")
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the service's log lacks %q after 30s:\n%s", want, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServiceObeysPolicy runs the real hellosvc.exe as a service (Wine's SCM
// here, Windows' in CI) with listen set by policy: the policy value wins over
// config.json, status shows it with its source, a change while running is
// logged as needing a restart, and a bad policy value is refused with a
// message naming it while config.json's value is used.
func TestServiceObeysPolicy(t *testing.T) {
	exe := installedCopy(t, helloExe(t))
	fileAddr, polAddr, nextAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	removePolicy()
	t.Cleanup(removePolicy)
	runExe(t, exe, 0, "service", "install", "--set", "listen="+fileAddr)
	t.Cleanup(func() { _ = exec.Command(exe, "service", "uninstall").Run() })
	t.Cleanup(func() { dumpServiceLog(t) })

	setPolicy(t, polAddr)
	out := runExe(t, exe, 0, "service", "status")
	// demo_delay_endpoint: in config.json (install writes every key), set by
	// no policy; its value is whatever an earlier test left there.
	if !strings.Contains(out, `"`+polAddr+`" (policy)`) || !demoFromFile.MatchString(out) {
		t.Fatalf("status does not show listen from policy:\n%s", out)
	}
	runExe(t, exe, 0, "service", "start")
	if code, _ := get(t, "http://"+polAddr+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz on the policy's address = %d", code)
	}
	if _, err := http.Get("http://" + fileAddr + "/healthz"); err == nil {
		t.Errorf("the service also answers on config.json's address %s", fileAddr)
	}

	// A change while running: listen needs a restart, which the service logs.
	setPolicy(t, nextAddr)
	waitLog(t, "policy changed: restart the service to apply it")
	waitLog(t, nextAddr)

	// A bad policy value: refused by name, config.json's value used.
	runExe(t, exe, 0, "service", "stop")
	setPolicy(t, "9090")
	out = runExe(t, exe, 0, "service", "status")
	if !strings.Contains(out, `"`+fileAddr+`" (config file)`) || !strings.Contains(out, `policy HKLM\Software\Policies\svcpack\hellosvc\listen refused: "listen": "9090" is not host:port`) {
		t.Fatalf("status with a bad policy value:\n%s", out)
	}
	runExe(t, exe, 0, "service", "start")
	if code, _ := get(t, "http://"+fileAddr+"/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz on config.json's address with a bad policy = %d", code)
	}
	waitLog(t, `listen refused: \"listen\": \"9090\" is not host:port`)

	runExe(t, exe, 0, "service", "stop")
	runExe(t, exe, 0, "service", "uninstall")
	removePolicy()
	if _, err := registry.OpenKey(registry.LOCAL_MACHINE, policyKey, registry.QUERY_VALUE); !errors.Is(err, registry.ErrNotExist) {
		t.Errorf("the test's policy key is still there: %v", err)
	}
}
