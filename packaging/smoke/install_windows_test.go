package smoke

import (
	"encoding/json"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Case 1: a silent install with no properties.
func TestFreshInstall(t *testing.T) {
	fresh(t)
	if ln, err := net.Listen("tcp", defaultAddr); err != nil {
		t.Fatalf("the default address %s is taken on this machine (%v): the case needs it free", defaultAddr, err)
	} else {
		ln.Close()
	}
	install(t, v1)

	wantRunning(t, defaultAddr, v1)
	wantProduct(t, "1.0.0")
	wantService(t, defaultFolder(t), "2")
	if got := configListen(t); got != defaultAddr {
		t.Errorf("config.json listen = %q, want the default %s", got, defaultAddr)
	}
	wantRemembered(t, "", "auto")
	wantReg(t, rememberKey, "InstallFolder", defaultFolder(t)+`\`)
	// svcpack.yaml's service.recovery (5s, 30s, 60s; 24h), as the MSI
	// writes it for the configure action; checkConfigured reads the applied
	// failure actions back (Windows only: Wine stores none).
	wantReg(t, rememberKey, "RestartDelaysMs", "5000 30000 60000")
	wantReg(t, rememberKey, "ResetPeriodSeconds", "86400")
	checkConfigured(t, false)
	checkAccount(t)
	checkEvent(t, "100", "")
}

// Case 2: properties given at install are honoured and remembered.
func TestInstallWithProperties(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	folder := filepath.Join(programFiles(t), "svcpack smoke", "hellosvc") // a space: the ImagePath must be quoted
	install(t, v1, "LISTEN="+addr, "STARTTYPE=delayed-auto", "INSTALLFOLDER="+folder)

	wantRunning(t, addr, v1)
	wantProduct(t, "1.0.0")
	wantService(t, folder, "2")
	if exists(defaultFolder(t)) {
		t.Errorf("%s exists: INSTALLFOLDER was ignored", defaultFolder(t))
	}
	if got := configListen(t); got != addr {
		t.Errorf("config.json listen = %q, want %s", got, addr)
	}
	wantRemembered(t, addr, "delayed-auto")
	wantReg(t, rememberKey, "InstallFolder", folder+`\`)
	checkConfigured(t, true)
}

// Case 7: a bad property stops the install and leaves the machine as it was:
// the cheap checks before anything changes (launch conditions), the full
// check in the configure action inside the transaction (rolled back).
func TestBadProperties(t *testing.T) {
	cases := []struct {
		name, prop, log string
	}{
		{"start type", "STARTTYPE=sometimes", `InvalidProperty = STARTTYPE="sometimes" is not valid: expected auto, delayed-auto or manual.`},
		{"listen without host", "LISTEN=8080", `InvalidProperty = LISTEN="8080" is not valid: expected HOST:PORT, for example 127.0.0.1:8080 or :8080.`},
		// Issue 9: a relative folder installed under msiexec's working directory.
		{"relative install folder", `INSTALLFOLDER=svcpack\hellosvc`, `InvalidProperty = INSTALLFOLDER="svcpack\hellosvc" is not valid: expected an absolute local path`},
		{"drive-relative install folder", `INSTALLFOLDER=C:svcpack`, `InvalidProperty = INSTALLFOLDER="C:svcpack" is not valid: expected an absolute local path`},
		{"network install folder", `INSTALLFOLDER=\\server\share\hellosvc`, `InvalidProperty = INSTALLFOLDER="\\server\share\hellosvc" is not valid: expected an absolute local path`},
		// Passes the launch condition; the program's own check refuses it in
		// the configure action, after files and service are in place.
		{"listen port out of range", "LISTEN=127.0.0.1:99999", "LISTEN = 127.0.0.1:99999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fresh(t)
			r := msiexec(t, "/i", pkg(v1), c.prop)
			r.failed(t)
			r.logHas(t, c.log)
			if c.name == "listen port out of range" && wineVersion == "" {
				// wix/Error.idt's text for the failed custom action; Wine logs no error text.
				r.logHas(t, "hellosvc could not be configured, so the installation is rolled back.")
			}
			wantClean(t, false)
		})
	}
}

// Case 8: the service cannot start because its port is taken. Policy
// (docs/install-behaviour.md): the install fails and rolls back; the data
// directory stays with the service's log saying why; an install with a
// free LISTEN then succeeds without any clean-up.
func TestPortTaken(t *testing.T) {
	fresh(t)
	taken := listen(t, "127.0.0.1:0")
	defer taken.Close()
	addr := taken.Addr().String()

	r := msiexec(t, "/i", pkg(v1), "LISTEN="+addr)
	r.failed(t)
	// Windows logs error 1920 and StartServices returning 3; Wine returns 0
	// from the action and logs no error text.
	if !regexp.MustCompile(`StartServices\. Return value [03]\.`).MatchString(r.log) {
		t.Errorf("log does not show StartServices failing:\n%s", tail(r.log, 60))
	}
	wantClean(t, true)
	// The service's log names the address it could not bind.
	if log := serviceLog(); !strings.Contains(log, "listen tcp "+addr) || !strings.Contains(log, "event_id=112") {
		t.Errorf("service log does not say why it did not start:\n%s", log)
	}
	checkEvent(t, "112", addr)

	other := freeAddr(t)
	install(t, v1, "LISTEN="+other)
	wantRunning(t, other, v1)
	wantProduct(t, "1.0.0")
}

// wantService checks what the SCM keeps about hellosvc installed in folder
// with start type start (2 auto, 3 manual).
func wantService(t *testing.T, folder, start string) {
	t.Helper()
	wantReg(t, serviceKey, "ImagePath", `"`+filepath.Join(folder, "hellosvc.exe")+`" service run`)
	wantReg(t, serviceKey, "ObjectName", `NT SERVICE\hellosvc`)
	wantReg(t, serviceKey, "Start", start)
	if v, _ := regValue(t, eventKey, "EventMessageFile"); !strings.HasSuffix(strings.ToLower(v), `\system32\eventcreate.exe`) {
		t.Errorf("event source EventMessageFile = %q, want EventCreate.exe", v)
	}
	wantReg(t, eventKey, "TypesSupported", "7")
	if s := hellosvcServices(t); len(s) != 1 || s[0] != serviceName {
		t.Errorf("services mentioning hellosvc: %v, want just hellosvc", s)
	}
}

// configListen is config.json's listen value.
func configListen(t *testing.T) string {
	t.Helper()
	var c struct{ Listen string }
	if err := json.Unmarshal(readFile(t, configPath()), &c); err != nil {
		t.Fatalf("%s: %v", configPath(), err)
	}
	return c.Listen
}
