package manage

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"
	"golang.org/x/sys/windows/svc/mgr"

	"github.com/svcpack/svcpack/service/exitcode"
)

// TestInstallerRecoveryAgainstTheRealRegistry writes the recovery values as
// the MSI does (REG_SZ at the root of the installer key) and runs configure
// --installer-key against a real service: configure reads and applies them,
// and refuses a malformed one before changing anything. The applied failure
// actions are read back from the SCM on Windows; Wine's SCM stores nothing
// for them (docs/platform.md), so there that part is NOT VERIFIABLE HERE.
func TestInstallerRecoveryAgainstTheRealRegistry(t *testing.T) {
	needAdmin(t)
	name := fmt.Sprintf("svcpackrecovery%d", os.Getpid())
	key := `SOFTWARE\svcpack-test\` + name
	spec := realInstalled(t, name, &strictSettings{})
	root, _, err := registry.CreateKey(registry.LOCAL_MACHINE, key, registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	t.Cleanup(func() { _ = registry.DeleteKey(registry.LOCAL_MACHINE, key) })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(root.SetStringValue("StartType", "manual"))
	must(root.SetStringValue(restartDelaysVal, "1000 2500 600000"))
	must(root.SetStringValue(resetPeriodVal, "3600"))

	var out bytes.Buffer
	if err := Main(spec, []string{"configure", "--installer-key", key}, &out); err != nil {
		t.Fatalf("configure --installer-key: %v\n%s", err, out.String())
	}
	want := "recovery from the installer: restart after 1s, 2.5s, 10m0s (the last repeats), failure count reset after 1h0m0s"
	if !strings.Contains(out.String(), want) {
		t.Errorf("configure did not read the recovery values: output lacks %q:\n%s", want, out.String())
	}

	// A malformed value: refused, named, nothing applied.
	must(root.SetStringValue(restartDelaysVal, "1000,2500"))
	out.Reset()
	err = Main(spec, []string{"configure", "--installer-key", key}, &out)
	if exitcode.Of(err) != exitcode.Config || !strings.Contains(err.Error(), `"RestartDelaysMs" is "1000,2500"`) {
		t.Errorf("malformed RestartDelaysMs: %v (exit %d), want Config naming the value", err, exitcode.Of(err))
	}

	t.Run("applied failure actions read back from the SCM", func(t *testing.T) {
		if underWine() {
			t.Skip("NOT VERIFIABLE HERE (Wine): Wine's SCM stores nothing for SERVICE_CONFIG_FAILURE_ACTIONS (docs/platform.md); asserted on Windows (CI)")
		}
		m, err := mgr.Connect()
		if err != nil {
			t.Fatal(err)
		}
		defer m.Disconnect()
		s, err := m.OpenService(name)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		actions, err := s.RecoveryActions()
		if err != nil {
			t.Fatal(err)
		}
		wantActions := []mgr.RecoveryAction{
			{Type: mgr.ServiceRestart, Delay: time.Second},
			{Type: mgr.ServiceRestart, Delay: 2500 * time.Millisecond},
			{Type: mgr.ServiceRestart, Delay: 10 * time.Minute},
		}
		if !slices.Equal(actions, wantActions) {
			t.Errorf("recovery actions %v, want %v (the malformed second run must not have changed them)", actions, wantActions)
		}
		if reset, err := s.ResetPeriod(); err != nil || reset != 3600 {
			t.Errorf("reset period %ds, %v; want 3600s", reset, err)
		}
	})
}
