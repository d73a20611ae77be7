// Command argvdump stands in for a product's program in a test package (see
// packaging/internal/smoke: TestNoPropertyReachesACommandLine). Each time Windows
// Installer starts it, it appends one JSON line to its record with the
// arguments it got and the values it finds under the installer key, so the
// test can prove that no property value, however hostile, changes a custom
// action's argv, and that the value arrives intact through the registry. As
// `service run` it is a service that does nothing, so the install can start it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/windows/registry"

	"github.com/svcpack/svcpack/service"
)

// RecordFile is where every call is appended; the test reads it.
const RecordFile = `C:\svcpack-argvdump\calls.jsonl`

// installerKeyFlag names the installer key on configure's constant command
// line (SOFTWARE\<company>\<name>); its Given subkey holds the values given
// on this msiexec command line. The other calls carry no key: they record
// none. The program knows no product name: the package names it <name>.exe.
const installerKeyFlag = "--installer-key"

// Call is one line of the record.
type Call struct {
	Args  []string          `json:"args"`
	Given map[string]string `json:"given"` // value name -> value, REG_SZ only
	Types map[string]uint32 `json:"types"` // value name -> registry type
}

func main() {
	if err := record(); err != nil {
		fmt.Fprintln(os.Stderr, "argvdump:", err)
		os.Exit(1)
	}
	args := os.Args[1:]
	if len(args) == 2 && args[0] == "service" && args[1] == "run" {
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "argvdump:", err)
			os.Exit(1)
		}
		name := strings.TrimSuffix(filepath.Base(exe), filepath.Ext(exe))
		err = service.Run(service.Config{Name: name}, func(ctx context.Context, ready func()) error {
			ready()
			<-ctx.Done()
			return nil
		})
		os.Exit(service.ExitCode(err))
	}
}

func record() error {
	c := Call{Args: os.Args[1:], Given: map[string]string{}, Types: map[string]uint32{}}
	var k registry.Key
	var err error = registry.ErrNotExist
	if i := slices.Index(os.Args, installerKeyFlag); i > 0 && i+1 < len(os.Args) {
		k, err = registry.OpenKey(registry.LOCAL_MACHINE, os.Args[i+1]+`\Given`, registry.QUERY_VALUE)
	}
	if err == nil {
		names, _ := k.ReadValueNames(-1)
		for _, n := range names {
			s, typ, err := k.GetStringValue(n)
			if err != nil {
				_, typ, _ = k.GetValue(n, nil)
			} else {
				c.Given[n] = s
			}
			c.Types[n] = typ
		}
		k.Close()
	}
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(RecordFile), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(RecordFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
