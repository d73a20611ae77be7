package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
)

// FileName is the manifest's name in dist/.
const FileName = "deployment.json"

// Manifest is deployment.json.
type Manifest struct {
	// ReturnCodes are msiexec's exit codes a deployment tool must know:
	// which mean success, a reboot, or "try again later".
	ReturnCodes map[string]string `json:"returnCodes"`
	// ReturnCodeKinds classifies each of ReturnCodes as the deployment
	// tools do: success, softReboot, hardReboot, retry or failure.
	ReturnCodeKinds map[string]string `json:"returnCodeKinds"`
	Packages        []Package         `json:"packages"`
	// Policy is the product's Group Policy template and settings, when
	// svcpack.yaml lists any (policy.go).
	Policy *Policy `json:"policy,omitempty"`
	// Channels names the .intunewin, winget and Chocolatey files made from
	// the packages (channels.go).
	Channels *Channels `json:"channels,omitempty"`
}

// returnCodes is the table every manifest carries.
var returnCodes = map[string]string{
	"0":    "success",
	"1707": "success",
	"3010": "success, soft reboot required",
	"1641": "success, the installer started a reboot",
	"1618": "another installation is in progress: retry later",
	"1603": "fatal error: see the log",
}

// Read reads a manifest; a missing file is an empty manifest.
func Read(path string) (Manifest, error) {
	m := Manifest{ReturnCodes: returnCodes, ReturnCodeKinds: returnCodeKinds}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("read %s: %w", path, err)
	}
	return m, nil
}

// Write replaces the manifest at path atomically, packages sorted by file
// name so that the bytes depend only on the packages.
func Write(path string, m Manifest) error {
	m.ReturnCodes = returnCodes
	m.ReturnCodeKinds = returnCodeKinds
	m.Packages = slices.Clone(m.Packages)
	slices.SortFunc(m.Packages, func(a, b Package) int { return strings.Compare(a.File, b.File) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // command lines keep their quotes and ampersands readable
	if err := enc.Encode(m); err != nil {
		return err
	}
	return atomicfile.Write(path, buf.Bytes())
}

// Add puts ps into the manifest at path, replacing entries for the same
// files, in one write. The MSIs of one release are built in parallel (one goreleaser
// post-build hook per architecture), so Add holds a lock file beside the
// manifest while it reads and writes.
func Add(path string, ps ...Package) error {
	return update(path, func(m *Manifest) {
		for _, p := range ps {
			m.Packages = slices.DeleteFunc(m.Packages, func(q Package) bool { return q.File == p.File })
			m.Packages = append(m.Packages, p)
		}
	})
}

// update reads the manifest at path, changes it and writes it back, holding
// the lock file beside it throughout, so that parallel builds' hooks each
// see the others' changes.
func update(path string, change func(*Manifest)) error {
	unlock, err := lock(path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	m, err := Read(path)
	if err != nil {
		return err
	}
	change(&m)
	return Write(path, m)
}

// lockWait bounds how long Add waits for another writer; a manifest write
// takes milliseconds, so a lock held longer is left from a crashed run.
const lockWait = 30 * time.Second

func lock(name string) (unlock func(), err error) {
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("lock %s: held for more than %s (left by a crashed run? remove it)", name, lockWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
