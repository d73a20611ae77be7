package manage

import (
	"errors"
	"io"

	"github.com/svcpack/svcpack/service/exitcode"
)

// Main runs `<program> service <command> …`; args start after "service".
// The returned error carries its exit code (see service/exitcode).
func Main(spec Spec, args []string, stdout io.Writer) error {
	return exitcode.Wrap(exitcode.Usage, errors.New("service commands: not implemented yet"))
}
