package rotate

import (
	"os"

	"github.com/svcpack/svcpack/internal/nofollow"
)

// The log's folder and files are created, opened and removed without going
// through a link (package nofollow): a log written or rotated through a
// symbolic link, junction or hard link would change a file elsewhere. A link
// is refused, so the service logs to the Event Log only and says why.

func mkdirAll(dir string) error                { return nofollow.MkdirAll(dir) }
func openAppend(path string) (*os.File, error) { return nofollow.OpenAppend(path) }
func remove(path string) error                 { return nofollow.RemoveFile(path) }

// openRead opens a rotated file to compress it, sharing delete (a rename or
// removal by someone else is not blocked by the compressor).
func openRead(path string) (*os.File, error) { return nofollow.OpenRead(path) }
