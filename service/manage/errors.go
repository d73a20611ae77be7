package manage

import (
	"errors"
	"fmt"

	"github.com/svcpack/svcpack/service/exitcode"
)

// scmError gives a failed SCM call its operation, object and exit code.
// Only the calls that decide whether the caller may act at all (opening the
// manager or a service, creating one) turn ERROR_ACCESS_DENIED into NotAdmin:
// elevation is the cure there. Access denied anywhere later means we opened a
// handle with too little access, a bug that elevation would not fix.
func scmError(op, object string, err error, deniedMeansNotAdmin bool) error {
	if object != "" {
		op = fmt.Sprintf("%s %q", op, object)
	}
	if deniedMeansNotAdmin && errors.Is(err, errAccessDenied) {
		return exitcode.Wrap(exitcode.NotAdmin, fmt.Errorf("%s: %w (run as administrator)", op, err))
	}
	return exitcode.Wrap(exitcode.SCMError, fmt.Errorf("%s: %w", op, err))
}

// unsupportedLevel reports whether a serviceConfig2 call failed only because this SCM
// does not know the level (Wine 8.0: ERROR_INVALID_LEVEL; see docs/platform.md).
func unsupportedLevel(err error) bool {
	return errors.Is(err, errInvalidLevel) || errors.Is(err, errNotSupported)
}

// withCode keeps the exit code an error already carries and gives it code otherwise.
func withCode(code int, err error) error {
	var c exitcode.Coder
	if errors.As(err, &c) {
		return err
	}
	return exitcode.Wrap(code, err)
}

func isAccessDenied(err error) bool { return errors.Is(err, errAccessDenied) }
