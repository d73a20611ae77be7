package wine

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/svcpack/svcpack/internal/childenv"
)

// The ProcessPrng shim's source, embedded so the harness works from any
// working directory and the DLL is always built from what is in the repo.
var (
	//go:embed shim/processprng.c
	shimSource []byte
	//go:embed shim/processprng.def
	shimDef []byte
)

// shimTargets are the compilers and the prefix directories their builds go
// to. The i686 build is optional: only 386 binaries need it, and they also
// need wine32.
var shimTargets = []struct {
	compiler string
	dir      string // under drive_c/windows
	required bool
}{
	{"x86_64-w64-mingw32-gcc", "system32", true},
	{"i686-w64-mingw32-gcc", "syswow64", false},
}

// buildShims compiles bcryptprimitives.dll from the embedded source into
// workDir, one build per available compiler, and returns the built files by
// their destination ("system32", "syswow64"). It needs no prefix, so it runs
// while wineboot does. Wine 8.0 has no bcryptprimitives.dll, and Go >= 1.22
// binaries abort at start-up without its ProcessPrng.
func buildShims(ctx context.Context, workDir string) (map[string]string, error) {
	c, def := filepath.Join(workDir, "processprng.c"), filepath.Join(workDir, "processprng.def")
	if err := os.WriteFile(c, shimSource, 0o600); err != nil {
		return nil, fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	if err := os.WriteFile(def, shimDef, 0o600); err != nil {
		return nil, fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	built := map[string]string{}
	for _, t := range shimTargets {
		if _, err := exec.LookPath(t.compiler); err != nil {
			if t.required {
				return nil, fmt.Errorf("build ProcessPrng shim: %s not found (install the Debian package gcc-mingw-w64-x86-64)", t.compiler)
			}
			continue
		}
		out := filepath.Join(workDir, t.dir+".dll")
		// stdcall-fixup: on i686 the export name in the .def is undecorated
		// while the compiled symbol is ProcessPrng@8; that pairing is intended.
		if _, err := runIn(ctx, childenv.Environ(), t.compiler, "-shared", "-O2", "-s", "-Wall", "-Werror",
			"-Wl,--enable-stdcall-fixup", "-o", out, c, def, "-ladvapi32"); err != nil {
			return nil, fmt.Errorf("build ProcessPrng shim with %s: %w", t.compiler, err)
		}
		built[t.dir] = out
	}
	return built, nil
}

// installShims copies the built DLLs into the prefix.
func (p *Prefix) installShims(built map[string]string) error {
	for dir, dll := range built {
		data, err := os.ReadFile(dll)
		if err != nil {
			return fmt.Errorf("install ProcessPrng shim: %w", err)
		}
		if err := os.WriteFile(p.ShimPath(dir), data, 0o644); err != nil {
			return fmt.Errorf("install ProcessPrng shim: %w", err)
		}
	}
	return nil
}

// ShimPath is where the shim DLL lives for windowsDir, "system32" (64-bit)
// or "syswow64" (32-bit). Tests remove it to show what it is for.
func (p *Prefix) ShimPath(windowsDir string) string {
	return filepath.Join(p.DriveC(), "windows", windowsDir, "bcryptprimitives.dll")
}
