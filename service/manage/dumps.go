package manage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DumpsFolder is the folder under the service's data directory where Windows
// Error Reporting writes its crash dumps: the MSI's LocalDumps DumpFolder
// (%ProgramData%\<name>\dumps) names it, `service configure` creates it with
// the data directory's ACL and `service status` names the newest dump in it.
const DumpsFolder = "dumps"

// newestDump is the most recently written .dmp file in dir ("" when there is
// none or dir does not exist). dir itself is read only when it is a plain
// folder: a link there was not made by the product, and status says so
// rather than list whatever it points at.
func newestDump(dir string) (path string, at time.Time, err error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, err
	}
	if !fi.IsDir() {
		return "", time.Time{}, fmt.Errorf("%s is not a plain folder (a link or a file)", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", time.Time{}, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(e.Name()), ".dmp") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed since the listing: WER keeps only DumpCount dumps
		}
		if path == "" || info.ModTime().After(at) {
			path, at = filepath.Join(dir, e.Name()), info.ModTime()
		}
	}
	return path, at, nil
}

// dumpStatus is the status line for the service's crash dumps.
func dumpStatus(e env, name string) string {
	root, err := e.host.DataRoot()
	if err != nil {
		return "unavailable (" + strings.TrimSpace(err.Error()) + ")"
	}
	dir := filepath.Join(root, name, DumpsFolder)
	path, at, err := newestDump(dir)
	switch {
	case err != nil:
		return "unavailable (" + strings.TrimSpace(err.Error()) + ")"
	case path == "":
		return "none in " + dir
	}
	return path + " (written " + at.UTC().Format(time.RFC3339) + ")"
}
