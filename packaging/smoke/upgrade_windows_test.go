package smoke

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// pollEvery is how often /healthz is polled while msiexec upgrades.
const pollEvery = 10 * time.Millisecond

// slowRequestTime is how long the request in flight during the upgrade
// takes: long enough that msiexec reaches StopServices while it runs.
const slowRequestTime = 5 * time.Second

// Case 3: v1 → v2 with properties (listen, start type, folder) given only to
// v1 and a config the administrator edited; on Windows a slow request is in flight when the
// upgrade starts.
func TestUpgrade(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	folder := filepath.Join(programFiles(t), "svcpack smoke", "hellosvc")
	install(t, v1, "LISTEN="+addr, "STARTTYPE=manual", "INSTALLFOLDER="+folder)
	before := wantProduct(t, "1.0.0")
	// The admin moves the service by hand: the upgrade must not put back the
	// address the install was given (issue 9).
	admin := freeAddr(t)
	edited := editConfig(t, admin)
	restartService(t) // to serve the edited address and the demo endpoint the edit turned on

	// Wine's StopServices does not wait for STOPPED: over a service still
	// draining, DeleteServices only marks it and InstallServices fails.
	inFlight := wineVersion == ""
	var slow <-chan answer
	if inFlight {
		slow = slowRequest(t, admin)
	}
	avail := upgradeWatched(t, admin, v2)
	t.Run("a request in flight when the upgrade starts completes", func(t *testing.T) {
		windowsOnly(t, "Wine's StopServices returns before the service has stopped, so an upgrade over a draining service fails at InstallServices")
		done := <-slow
		if !strings.Contains(done.text, "done after "+slowRequestTime.String()) {
			t.Errorf("the request in flight was cut off: got %q", done.text)
		}
		if avail.Outages == 0 || !avail.Began.Before(done.at) {
			t.Errorf("the service was not stopped while the request was in flight (outage began %v, request done %v)", avail.Began, done.at)
		}
	})
	during := "idle"
	if inFlight {
		during = fmt.Sprintf("a %v request in flight", slowRequestTime)
	}
	t.Logf("upgrade downtime: %s -> %s, %s: %v (/healthz every %v: %d polls, %d failed, %d outages)",
		v1, v2, during, avail.Down.Round(time.Millisecond), pollEvery, avail.Polls, avail.Failures, avail.Outages)

	wantRunning(t, admin, v2)
	if after := wantProduct(t, "1.1.0"); after.code == before.code {
		t.Errorf("ProductCode unchanged by the upgrade: %s", after.code)
	}
	wantService(t, folder, "3")
	if exists(defaultFolder(t)) {
		t.Errorf("%s exists: the upgrade did not keep INSTALLFOLDER", defaultFolder(t))
	}
	wantRemembered(t, addr, "manual")
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by the upgrade:\n%q\nwant\n%q", got, edited)
	}
}

// answer is a slow request's body and when it ended.
type answer struct {
	text string
	at   time.Time
}

// slowRequest starts GET /delay on addr (the demo endpoint) and returns
// its answer when it ends.
func slowRequest(t *testing.T, addr string) <-chan answer {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/delay?d=" + slowRequestTime.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	body := bufio.NewReader(resp.Body)
	if first, err := body.ReadString('\n'); err != nil || !strings.HasPrefix(first, "waiting") {
		t.Fatalf("slow request did not start: %q, %v", first, err)
	}
	slow := make(chan answer, 1)
	go func() {
		b, _ := io.ReadAll(body)
		slow <- answer{string(b), time.Now()}
	}()
	return slow
}

// A failed upgrade rolls back to the old version, running. The upgrade
// fails in its configure action, after the old product was removed inside
// the same transaction.
func TestFailedUpgradeRollsBack(t *testing.T) {
	windowsOnly(t, "Wine does not roll RemoveExistingProducts back: a failed upgrade leaves no product at all")
	fresh(t)
	addr := freeAddr(t)
	install(t, v1, "LISTEN="+addr)
	before := wantProduct(t, "1.0.0")
	config := readFile(t, configPath())

	r := msiexec(t, "/i", pkg(v2), "LISTEN=127.0.0.1:99999")
	r.failed(t)
	if after := wantProduct(t, "1.0.0"); after.code != before.code {
		t.Errorf("after the rollback %s is installed, want %s", after.code, before.code)
	}
	wantRunning(t, addr, v1)
	wantService(t, defaultFolder(t), "2")
	if got := readFile(t, configPath()); !bytes.Equal(got, config) {
		t.Errorf("config.json changed by a failed upgrade:\n%q\nwant\n%q", got, config)
	}
}

// Case 4: an older package over a newer one is refused and changes
// nothing; the installed package again is a maintenance run that changes
// nothing either (docs/install-behaviour.md).
func TestDowngradeAndReinstall(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	install(t, v2, "LISTEN="+addr)
	installed := wantProduct(t, "1.1.0")
	addr = freeAddr(t) // edited by hand: neither the reinstall nor the refused downgrade puts back LISTEN
	edited := editConfig(t, addr)
	restartService(t)

	r := msiexec(t, "/i", pkg(v1))
	r.failed(t)
	if wineVersion == "" {
		r.logHas(t, "A newer version of hellosvc is already installed. Uninstall it first to install this older version.")
	} else {
		// Wine does not log a launch condition's message; the property that triggers it is in its dump.
		r.logHas(t, "WIX_DOWNGRADE_DETECTED = "+installed.code)
	}
	wantRunning(t, addr, v2)
	wantProduct(t, "1.1.0")

	install(t, v2)
	wantRunning(t, addr, v2)
	if again := wantProduct(t, "1.1.0"); again != installed {
		t.Errorf("reinstall changed the product: %v, was %v", again, installed)
	}
	wantService(t, defaultFolder(t), "2")
	if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
		t.Errorf("config.json changed by a reinstall:\n%q\nwant\n%q", got, edited)
	}
}

// upgradeCycles is how many upgrades TestRepeatedUpgrades runs.
const upgradeCycles = 20

// Case 9: twenty upgrades in a row, alternating two dev builds that share
// ProductVersion 1.2.0.1 (each upgrades the other: same-version upgrades are
// allowed), leave exactly what the first install left.
func TestRepeatedUpgrades(t *testing.T) {
	fresh(t)
	addr := freeAddr(t)
	install(t, devA, "LISTEN="+freeAddr(t))
	edited := editConfig(t, addr) // another address than the install's: every upgrade must keep it
	restartService(t)

	type snapshot struct {
		program, data, services, reg []string
	}
	take := func() snapshot {
		var reg []string
		for _, kv := range [][2]string{{serviceKey, "ImagePath"}, {serviceKey, "ObjectName"}, {serviceKey, "Start"},
			{eventKey, "EventMessageFile"}, {recallKey, "listen"}, {givenKey, "listen"}, {rememberKey, "StartType"}, {rememberKey, "InstallFolder"}} {
			v, _ := regValue(t, kv[0], kv[1])
			reg = append(reg, kv[1]+"="+v)
		}
		return snapshot{tree(t, defaultFolder(t)), tree(t, dataDir()), hellosvcServices(t), reg}
	}
	first := take()
	var downtimes []time.Duration
	last := wantProduct(t, "1.2.0.1")
	for i := range upgradeCycles {
		next := []string{devB, devA}[i%2]
		avail := upgradeWatched(t, addr, next)
		downtimes = append(downtimes, avail.Down)

		wantRunning(t, addr, next)
		p := wantProduct(t, "1.2.0.1")
		if p.code == last.code {
			t.Fatalf("upgrade %d to %s left ProductCode %s in place", i+1, next, p.code)
		}
		last = p
		if got := readFile(t, configPath()); !bytes.Equal(got, edited) {
			t.Fatalf("upgrade %d changed config.json:\n%q", i+1, got)
		}
		now := take()
		for _, d := range []struct {
			what      string
			got, want []string
		}{
			{"program files", now.program, first.program}, {"data directory", now.data, first.data},
			{"services", now.services, first.services}, {"registry", now.reg, first.reg},
		} {
			if !slices.Equal(d.got, d.want) {
				t.Fatalf("upgrade %d: %s drifted:\n%v\nwas\n%v", i+1, d.what, d.got, d.want)
			}
		}
	}
	slices.Sort(downtimes)
	t.Logf("upgrade downtime: %d upgrades %s <-> %s, idle: min %v, median %v, max %v (/healthz every %v)",
		upgradeCycles, devA, devB, downtimes[0].Round(time.Millisecond), downtimes[len(downtimes)/2].Round(time.Millisecond),
		downtimes[len(downtimes)-1].Round(time.Millisecond), pollEvery)
}

// upgradeWatched installs version v over what is there, polling /healthz on
// addr while msiexec runs and until the service answers again.
func upgradeWatched(t *testing.T, addr, v string) Availability {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result := make(chan Availability, 1)
	go func() { result <- Downtime(ctx, "http://"+addr+"/healthz", pollEvery) }()
	install(t, v)
	get(t, addr, "/healthz")
	cancel()
	return <-result
}
