package smoke

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/mgr"
)

// The checks below read what Wine's SCM, LSA and Event Log do not keep or
// cannot answer (docs/platform.md). Each is a subtest that begins with
// windowsOnly, so under Wine it is reported, not passed.

// checkConfigured: what `<name> service configure` (the MSI's custom
// action) sets beyond ServiceInstall, read back from the SCM.
func checkConfigured(t *testing.T, delayed bool) {
	rec := prod.Service.Recovery
	t.Run(fmt.Sprintf("recovery: restart after %v; reset after %v; also on non-crash failures", rec.RestartDelays, rec.ResetPeriod), func(t *testing.T) {
		windowsOnly(t, "QueryServiceConfig2(FAILURE_ACTIONS, FAILURE_ACTIONS_FLAG) fails with invalid level")
		s := mustOpen(t)
		defer s.Close()
		actions, err := s.RecoveryActions()
		if err != nil {
			t.Fatal(err)
		}
		var want []mgr.RecoveryAction
		for _, d := range rec.RestartDelays {
			want = append(want, mgr.RecoveryAction{Type: mgr.ServiceRestart, Delay: d})
		}
		if !slices.Equal(actions, want) {
			t.Errorf("recovery actions %v, want %v", actions, want)
		}
		if reset, err := s.ResetPeriod(); err != nil || time.Duration(reset)*time.Second != rec.ResetPeriod {
			t.Errorf("reset period %ds, %v; want %v", reset, err, rec.ResetPeriod)
		}
		if on, err := s.RecoveryActionsOnNonCrashFailures(); err != nil || !on {
			t.Errorf("failure actions on non-crash failures: %v, %v; want true", on, err)
		}
	})
	t.Run("start: delayed auto-start flag", func(t *testing.T) {
		windowsOnly(t, "QueryServiceConfig2(DELAYED_AUTO_START_INFO) fails with invalid level")
		cfg := mustConfig(t)
		if cfg.DelayedAutoStart != delayed {
			t.Errorf("delayed auto-start %v, want %v", cfg.DelayedAutoStart, delayed)
		}
	})
	t.Run("SID type unrestricted", func(t *testing.T) {
		windowsOnly(t, "QueryServiceConfig2(SERVICE_SID_INFO) fails with invalid level")
		if cfg := mustConfig(t); cfg.SidType != windows.SERVICE_SID_TYPE_UNRESTRICTED {
			t.Errorf("SID type %d, want unrestricted (%d)", cfg.SidType, windows.SERVICE_SID_TYPE_UNRESTRICTED)
		}
	})
	t.Run("preshutdown: accepted, with the system's timeout", func(t *testing.T) {
		windowsOnly(t, "QueryServiceConfig2(PRESHUTDOWN_INFO) fails with invalid level")
		st, _ := serviceStatus(t)
		if st.Accepts&svc.AcceptPreShutdown == 0 {
			t.Errorf("the running service does not accept PRESHUTDOWN (accepts %#x)", st.Accepts)
		}
		s := mustOpen(t)
		defer s.Close()
		buf := make([]byte, 64)
		var needed uint32
		if err := windows.QueryServiceConfig2(s.Handle, windows.SERVICE_CONFIG_PRESHUTDOWN_INFO, &buf[0], uint32(len(buf)), &needed); err != nil {
			t.Fatal(err)
		}
		ms := *(*uint32)(unsafe.Pointer(&buf[0]))
		if ms == 0 {
			t.Error("preshutdown timeout 0")
		}
		t.Logf("preshutdown timeout %v (the system's default: the MSI does not set one)", time.Duration(ms)*time.Millisecond)
	})
}

// checkAccount: the running process's token is the virtual account, and
// only it (besides SYSTEM and Administrators) may change the data directory.
func checkAccount(t *testing.T) {
	t.Run("process token is "+prod.Service.Account, func(t *testing.T) {
		windowsOnly(t, "Wine runs every process as the one user and enforces no service account")
		st, _ := serviceStatus(t)
		p, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, st.ProcessId)
		if err != nil {
			t.Fatalf("open service process %d: %v", st.ProcessId, err)
		}
		defer windows.CloseHandle(p)
		var tok windows.Token
		if err := windows.OpenProcessToken(p, windows.TOKEN_QUERY, &tok); err != nil {
			t.Fatal(err)
		}
		defer tok.Close()
		u, err := tok.GetTokenUser()
		if err != nil {
			t.Fatal(err)
		}
		account, domain, _, err := u.User.Sid.LookupAccount("")
		if err != nil || !strings.EqualFold(domain+`\`+account, prod.Service.Account) {
			t.Errorf("service runs as %s\\%s (%s), %v; want %s", domain, account, u.User.Sid, err, prod.Service.Account)
		}
	})
	t.Run("data directory grants the service account modify", func(t *testing.T) {
		windowsOnly(t, "Wine keeps no ACLs on files")
		sid, _, _, err := windows.LookupSID("", prod.Service.Account)
		if err != nil {
			t.Fatal(err)
		}
		sd, err := windows.GetNamedSecurityInfo(dataDir(), windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
		if err != nil {
			t.Fatal(err)
		}
		if want := "(A;OICI;0x1301bf;;;" + sid.String() + ")"; !strings.Contains(sd.String(), want) {
			t.Errorf("%s DACL %s lacks %s", dataDir(), sd, want)
		}
	})
}

// checkEvent: an event of id with text in its message is in the
// Application log, from the product's event source.
func checkEvent(t *testing.T, id, text string) {
	t.Run("event "+id+" readable", func(t *testing.T) {
		windowsOnly(t, "Wine's Event Log accepts events but cannot read them back")
		q := "/q:*[System[Provider[@Name='" + prod.Name + "'] and (EventID=" + id + ")]]"
		out, err := exec.Command("wevtutil", "qe", "Application", q, "/c:1", "/rd:true", "/f:text").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Event ID: "+id) || !strings.Contains(string(out), text) {
			t.Errorf("wevtutil: %v; want event %s from %s mentioning %q, got:\n%s", err, id, prod.Name, text, out)
		}
	})
}

func mustOpen(t *testing.T) *mgr.Service {
	t.Helper()
	s, ok := openService(t)
	if !ok {
		t.Fatalf("no service %s", prod.Name)
	}
	return s
}

func mustConfig(t *testing.T) mgr.Config {
	t.Helper()
	s := mustOpen(t)
	defer s.Close()
	cfg, err := s.Config()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
