package manage

import (
	"fmt"

	"github.com/svcpack/svcpack/internal/winname"
	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// serviceLogonRight is the user right an account needs before the SCM will
// start a service as it ("Log on as a service").
const serviceLogonRight = "SeServiceLogonRight"

// ensureLogonRight grants the service's account the logon right when the
// account is a group managed service account: the SCM refuses to start a
// service as an account without it (error 1069), and the MSI's
// ServiceInstall grants nothing. The built-in accounts need nothing: a
// virtual account (NT SERVICE\<name>) gets the right implicitly, and
// LocalService and NetworkService hold it. Granting is idempotent (the
// host reports whether the account held it already), and the right is never
// removed: other services may run as the same gMSA (docs/security.md).
func ensureLogonRight(e env, name, account string) error {
	if !winname.IsGMSA(account) {
		return nil
	}
	added, err := e.host.EnsureServiceLogonRight(account)
	if err != nil {
		err = fmt.Errorf("grant %s (log on as a service) to the account of service %q, %s: %w", serviceLogonRight, name, clip.Quote(account), err)
		if isAccessDenied(err) {
			return exitcode.Wrap(exitcode.NotAdmin, fmt.Errorf("%w (run as administrator)", err))
		}
		return err
	}
	what := "already held by"
	if added {
		what = "granted to"
	}
	_, err = fmt.Fprintf(e.out, "service %q: %s %s %s (a group managed service account; never removed, other services may share it)\n", name, serviceLogonRight, what, clip.Quote(account))
	return err
}
