package smoke

import (
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// Case 1: a silent install with no properties: the service runs as the
// product's account with its start type, answers smoke.health and
// smoke.request on smoke.address, is in Add/Remove Programs, its program is
// in the default folder and its data folder exists.
func TestFreshInstall(t *testing.T) {
	fresh(t)
	if ln, err := net.Listen("tcp", defaultAddr()); err != nil {
		t.Fatalf("smoke.address %s is taken on this machine (%v): the case needs it free", defaultAddr(), err)
	} else {
		ln.Close()
	}
	install(t, v1)

	wantRunning(t, defaultAddr())
	wantProduct(t, v1)
	wantService(t, defaultFolder(t), startCode(prod.Service.Start))
	if addrProp != nil {
		if got := configSetting(t, addrProp.Setting); got != addrValue(defaultAddr()) {
			t.Errorf("config.json %s = %q, want smoke.address %s as %s", addrProp.Setting, got, defaultAddr(), addrValue(defaultAddr()))
		}
	}
	if !exists(dataDir()) || !exists(serviceLogPath()) {
		t.Errorf("data folder %s or the service log %s is missing", dataDir(), serviceLogPath())
	}
	wantRemembered(t, "", prod.Service.Start)
	wantReg(t, rememberKey(), "InstallFolder", defaultFolder(t)+`\`)
	// svcpack.yaml's service.recovery, as the MSI writes it for the
	// configure action; checkConfigured reads the applied failure actions
	// back (Windows only: Wine stores none).
	delays, reset := prod.Service.Recovery.RegistryForm()
	wantReg(t, rememberKey(), "RestartDelaysMs", delays)
	wantReg(t, rememberKey(), "ResetPeriodSeconds", reset)
	checkConfigured(t, prod.Service.Start == "delayed-auto")
	checkAccount(t)
	checkDependencies(t)
	checkEvent(t, "100", "")
}

// Case 2: properties given at install are honoured and remembered.
func TestInstallWithProperties(t *testing.T) {
	fresh(t)
	addr, props := movedAddress(t)
	folder := filepath.Join(programFiles(t), prod.Company+" smoke", prod.Name) // a space: the ImagePath must be quoted
	install(t, v1, append(props, "STARTTYPE=delayed-auto", "INSTALLFOLDER="+folder)...)

	wantRunning(t, addr)
	wantProduct(t, v1)
	wantService(t, folder, "2")
	if exists(defaultFolder(t)) {
		t.Errorf("%s exists: INSTALLFOLDER was ignored", defaultFolder(t))
	}
	if addrProp != nil {
		if got := configSetting(t, addrProp.Setting); got != addrValue(addr) {
			t.Errorf("config.json %s = %q, want %s", addrProp.Setting, got, addrValue(addr))
		}
		wantRemembered(t, addr, "delayed-auto")
	} else {
		wantRemembered(t, "", "delayed-auto")
	}
	wantReg(t, rememberKey(), "InstallFolder", folder+`\`)
	checkConfigured(t, true)
}

// movedAddress is a free address for the service and the property that puts
// it there; without an address property, smoke.address and no property.
func movedAddress(t *testing.T) (string, []string) {
	t.Helper()
	if addrProp == nil {
		return defaultAddr(), nil
	}
	addr := freeAddr(t)
	return addr, []string{addrProp.Name + "=" + addrValue(addr)}
}

// Each property's good examples (svcpack.yaml) install, and the value reaches
// the machine: the SCM for STARTTYPE, the folder for INSTALLFOLDER, the
// program's config and the registry channel for a setting. Uninstall-time
// properties: the uninstall does what the value says.
func TestGoodExamples(t *testing.T) {
	for _, prop := range prod.Properties {
		for _, value := range prop.Examples.Good {
			t.Run(prop.Name+"="+value, func(t *testing.T) {
				fresh(t)
				if prop.AppliesTo == product.Uninstall {
					goodAtUninstall(t, prop, value)
					return
				}
				addr := defaultAddr()
				switch {
				case prop.Name == product.InstallFolderProperty:
					if vol := filepath.VolumeName(value); !exists(vol + `\`) {
						t.Skipf("drive %s does not exist on this machine: the example installs nowhere here", vol)
					}
				case addrProp != nil && prop.Name == addrProp.Name:
					if a, ok := dialAddress(value); ok {
						addr = a
					}
				}
				install(t, v1, prop.Name+"="+value)
				wantRunning(t, addr)
				wantProduct(t, v1)
				switch {
				case prop.Name == product.StartTypeProperty:
					wantService(t, defaultFolder(t), startCode(value))
					wantReg(t, rememberKey(), "StartType", value)
					checkConfigured(t, value == "delayed-auto")
				case prop.Name == product.InstallFolderProperty:
					folder := strings.TrimRight(value, `\`)
					wantService(t, folder, startCode(prod.Service.Start))
					wantReg(t, rememberKey(), "InstallFolder", folder+`\`)
				case prop.Setting != "":
					if got := configSetting(t, prop.Setting); got != value {
						t.Errorf("config.json %s = %q, want %q", prop.Setting, got, value)
					}
					wantSetting(t, prop, value)
				}
			})
		}
	}
}

// goodAtUninstall: an uninstall given REMOVEDATA=value succeeds; 1 removes
// the data folder, anything else keeps it.
func goodAtUninstall(t *testing.T, prop product.Property, value string) {
	t.Helper()
	install(t, v1)
	wantRunning(t, defaultAddr())
	stoppedForWine(t)
	r := msiexec(t, "/x", v1.Path, prop.Name+"="+value)
	r.succeeded(t)
	if prop.Name != product.RemoveDataProperty {
		wantClean(t, true)
		return
	}
	wantClean(t, value != "1")
	if value != "1" && !exists(serviceLogPath()) {
		t.Errorf("%s=%s removed the service log %s", prop.Name, value, serviceLogPath())
	}
}

// Case 7: each property's bad examples (svcpack.yaml) stop the install and
// leave the machine as it was: the cheap checks before anything changes
// (launch conditions, which name the property, its value and the expected
// form), the full check in the configure action inside the transaction
// (rolled back). Uninstall-time properties refuse the uninstall and leave
// the product running.
func TestBadExamples(t *testing.T) {
	for _, prop := range prod.Properties {
		for _, value := range prop.Examples.Bad {
			t.Run(prop.Name+"="+value, func(t *testing.T) {
				fresh(t)
				if prop.AppliesTo == product.Uninstall {
					badAtUninstall(t, prop, value)
					return
				}
				r := msiexec(t, "/i", v1.Path, prop.Name+"="+value)
				r.failed(t)
				refusedBy := launchRefusal.FindStringSubmatch(r.log)
				switch {
				case refusedBy != nil:
					if !strings.HasPrefix(refusedBy[1], prop.Name+`="`+value+`" is not valid: expected `) {
						t.Errorf("refused by %q: the message does not name %s and %q", refusedBy[1], prop.Name, value)
					}
				default:
					// Past the launch conditions: the program's own check in the
					// configure action names the property.
					r.logHas(t, prop.Name)
					if wineVersion == "" {
						// The package's Error table text for the failed custom action; Wine logs no error text.
						r.logHas(t, prod.Name+" could not be configured, so the installation is rolled back.")
					}
				}
				wantClean(t, false)
			})
		}
	}
}

// launchRefusal is the message a refusing launch condition sets
// (InvalidProperty: in the verbose log on Windows and in Wine's property
// dump alike).
var launchRefusal = regexp.MustCompile(`InvalidProperty = (.*)`)

// badAtUninstall: an uninstall given a bad value is refused before anything
// changes.
func badAtUninstall(t *testing.T, prop product.Property, value string) {
	t.Helper()
	install(t, v1)
	r := msiexec(t, "/x", v1.Path, prop.Name+"="+value)
	r.failed(t)
	r.logHas(t, `InvalidProperty = `+prop.Name+`="`+value+`" is not valid`)
	wantProduct(t, v1)
	wantRunning(t, defaultAddr())
}

// Case 8: the service cannot start because its address is taken. Policy
// (docs/install-behaviour.md): the install fails and rolls back; the data
// directory stays with the service's log saying why; an install with the
// address free then succeeds without any clean-up.
func TestPortTaken(t *testing.T) {
	fresh(t)
	var taken net.Listener
	var props []string
	if addrProp != nil {
		taken = listen(t, "127.0.0.1:0")
		props = []string{addrProp.Name + "=" + addrValue(taken.Addr().String())}
	} else {
		taken = listen(t, defaultAddr())
	}
	defer taken.Close()
	addr := taken.Addr().String()

	r := msiexec(t, "/i", v1.Path, props...)
	r.failed(t)
	// Windows logs error 1920 and StartServices returning 3; Wine returns 0
	// from the action and logs no error text.
	if !startServicesFailed.MatchString(r.log) {
		t.Errorf("log does not show StartServices failing:\n%s", tail(r.log, 60))
	}
	wantClean(t, true)
	// The service's log names the address it could not use (event 112: the
	// program failed before ready): a Go program's "listen tcp ADDR", a
	// wrapped one's health check that could not connect to ADDR.
	if log := serviceLog(); !strings.Contains(log, addrMention(addr)) || !strings.Contains(log, "event_id=112") {
		t.Errorf("service log does not say why it did not start (%s):\n%s", addrMention(addr), log)
	}
	checkEvent(t, "112", addrMention(addr))

	other := defaultAddr()
	if addrProp != nil {
		other = freeAddr(t)
		props = []string{addrProp.Name + "=" + addrValue(other)}
	} else {
		taken.Close()
	}
	install(t, v1, props...)
	wantRunning(t, other)
	wantProduct(t, v1)
}

// wantService checks what the SCM keeps about the service installed in
// folder with start type start (2 auto, 3 manual): the program, the
// product's account, the event source, and no second service.
func wantService(t *testing.T, folder, start string) {
	t.Helper()
	wantReg(t, serviceKey(), "ImagePath", `"`+filepath.Join(folder, prod.ExeName())+`" service run`)
	wantReg(t, serviceKey(), "ObjectName", prod.Service.Account)
	wantReg(t, serviceKey(), "Start", start)
	if v, _ := regValue(t, eventKey(), "EventMessageFile"); !strings.HasSuffix(strings.ToLower(v), `\system32\eventcreate.exe`) {
		t.Errorf("event source EventMessageFile = %q, want EventCreate.exe", v)
	}
	wantReg(t, eventKey(), "TypesSupported", "7")
	if s := productServices(t); len(s) != 1 || s[0] != prod.Name {
		t.Errorf("services mentioning %s: %v, want just %s", prod.Name, s, prod.Name)
	}
	if exe := filepath.Join(folder, prod.ExeName()); !exists(exe) {
		t.Errorf("%s is missing", exe)
	}
}
