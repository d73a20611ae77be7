package wine

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// installShim builds bcryptprimitives.dll from the embedded source into the
// prefix. Wine 8.0 has no bcryptprimitives.dll, and Go >= 1.22 binaries abort
// at start-up without its ProcessPrng.
func (p *Prefix) installShim(ctx context.Context) error {
	src, err := os.MkdirTemp("", "svcpack-shim-")
	if err != nil {
		return fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	defer os.RemoveAll(src)
	c, def := filepath.Join(src, "processprng.c"), filepath.Join(src, "processprng.def")
	if err := os.WriteFile(c, shimSource, 0o600); err != nil {
		return fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	if err := os.WriteFile(def, shimDef, 0o600); err != nil {
		return fmt.Errorf("build ProcessPrng shim: %w", err)
	}
	for _, t := range shimTargets {
		if _, err := exec.LookPath(t.compiler); err != nil {
			if t.required {
				return fmt.Errorf("build ProcessPrng shim: %s not found (install the Debian package gcc-mingw-w64-x86-64)", t.compiler)
			}
			continue
		}
		out := p.ShimPath(t.dir)
		// stdcall-fixup: on i686 the export name in the .def is undecorated
		// while the compiled symbol is ProcessPrng@8; that pairing is intended.
		if _, err := runIn(ctx, os.Environ(), t.compiler, "-shared", "-O2", "-s", "-Wall", "-Werror",
			"-Wl,--enable-stdcall-fixup", "-o", out, c, def, "-ladvapi32"); err != nil {
			return fmt.Errorf("build ProcessPrng shim into %s: %w", out, err)
		}
	}
	return nil
}

// ShimPath is where the shim DLL lives for windowsDir, "system32" (64-bit)
// or "syswow64" (32-bit). Tests remove it to show what it is for.
func (p *Prefix) ShimPath(windowsDir string) string {
	return filepath.Join(p.DriveC(), "windows", windowsDir, "bcryptprimitives.dll")
}
