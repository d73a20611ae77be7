package packaging

import (
	"io"

	"github.com/svcpack/svcpack/packaging/internal/progress"
)

// Heartbeat runs f with a writer to log and, whenever f has written nothing
// for a while, writes "<what> (<time> so far)" to log: a long step that
// prints only when it ends still shows it is alive.
func Heartbeat(log io.Writer, what string, f func(w io.Writer) error) error {
	return progress.Heartbeat(log, progress.QuietLimit, what, f)
}
