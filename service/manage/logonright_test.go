package manage

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
)

const gmsa = `CONTOSO\websvc$`

// TestConfigureGrantsLogonRightToGMSA: a service the MSI installed to run as
// a group managed service account gets SeServiceLogonRight from configure,
// once; a second configure finds it held and says so.
func TestConfigureGrantsLogonRightToGMSA(t *testing.T) {
	f := newFake()
	installed(f).cfg.Account = gmsa
	for i, want := range []string{
		`service "hellosvc": SeServiceLogonRight granted to "CONTOSO\\websvc$"`,
		`service "hellosvc": SeServiceLogonRight already held by "CONTOSO\\websvc$"`,
	} {
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, []string{"configure"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "never removed") {
			t.Errorf("run %d: output lacks %q:\n%s", i+1, want, out.String())
		}
	}
	if !f.logonRight[strings.ToLower(gmsa)] || len(f.logonRight) != 1 {
		t.Errorf("logon rights %v, want the gMSA's only", f.logonRight)
	}
}

// TestConfigureLeavesOtherAccountsAlone: the built-in accounts hold the
// right already (a virtual account implicitly), and configure touches the
// policy for nothing but a gMSA.
func TestConfigureLeavesOtherAccountsAlone(t *testing.T) {
	for _, acct := range []string{`NT SERVICE\hellosvc`, `NT AUTHORITY\LocalService`, `NT AUTHORITY\NetworkService`, `LocalSystem`, `CONTOSO\bob`, `.\websvc$`} {
		f := newFake()
		installed(f).cfg.Account = acct
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, []string{"configure"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range f.calls {
			if c.op == "EnsureServiceLogonRight" {
				t.Errorf("%s: configure granted a logon right", acct)
			}
		}
		if strings.Contains(out.String(), "SeServiceLogonRight") {
			t.Errorf("%s: output mentions the right:\n%s", acct, out.String())
		}
	}
}

// TestLogonRightFailureFailsConfigure: a grant that fails fails the
// configure action (so the MSI rolls back rather than install a service that
// cannot start), naming the right and the account; access denied is the
// not-an-administrator exit code.
func TestLogonRightFailureFailsConfigure(t *testing.T) {
	for _, c := range []struct {
		err  error
		code int
	}{{errAccessDenied, exitcode.NotAdmin}, {errors.New("no mapping between account names and security IDs"), exitcode.Of(errors.New(""))}} {
		f := newFake()
		installed(f).cfg.Account = gmsa
		failAtOp(t, f, "EnsureServiceLogonRight", c.err)
		var out bytes.Buffer
		err := run(f.env(&out), testSpec, []string{"configure"})
		if err == nil || f.failedOp != "EnsureServiceLogonRight" {
			t.Fatalf("configure = %v (failed op %q), want the grant's failure", err, f.failedOp)
		}
		for _, w := range []string{"SeServiceLogonRight", `"CONTOSO\\websvc$"`, c.err.Error()} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error lacks %q: %v", w, err)
			}
		}
		if got := exitcode.Of(err); got != c.code {
			t.Errorf("exit code %d, want %d", got, c.code)
		}
	}
}

// TestInstallAsGMSAGrantsOrRemovesTheService: `service install --account`
// converges as configure does: the grant, or on its failure no half-made service.
func TestInstallAsGMSAGrantsOrRemovesTheService(t *testing.T) {
	f := newFake()
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"install", "--account", gmsa}); err != nil {
		t.Fatal(err)
	}
	if !f.logonRight[strings.ToLower(gmsa)] {
		t.Errorf("install as %s granted no logon right:\n%s", gmsa, out.String())
	}
	f = newFake()
	failAtOp(t, f, "EnsureServiceLogonRight", errAccessDenied)
	if err := run(f.env(&out), testSpec, []string{"install", "--account", gmsa}); err == nil {
		t.Fatal("install succeeded with the grant failing")
	}
	if _, ok := f.services["hellosvc"]; ok {
		t.Error("the half-installed service was left behind")
	}
}

// failAtOp makes the first call of op fail with err: it counts the calls a
// clean run of the same configure makes before op.
func failAtOp(t *testing.T, f *fake, op string, err error) {
	t.Helper()
	probe := newFake()
	for name, s := range f.services {
		c := *s
		c.c2 = map[uint32]serviceConfig2{}
		probe.services[name] = &c
	}
	var out bytes.Buffer
	args := []string{"configure"}
	if len(f.services) == 0 {
		args = []string{"install", "--account", gmsa}
	}
	if err := run(probe.env(&out), testSpec, args); err != nil {
		t.Fatal(err)
	}
	for i, c := range probe.calls {
		if c.op == op {
			f.failAt, f.failErr = i+1, err
			return
		}
	}
	t.Fatalf("a clean run never calls %s", op)
}
