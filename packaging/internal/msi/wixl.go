package msi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/internal/inputfile"
)

// Names of the staged inputs: the .wxs refers to them through -D variables
// (ExeSource, IconSource); the installed file's name is the .wxs's.
const (
	stagedExe  = "program.exe"
	stagedIcon = "icon.ico"
	stagedWXS  = "product.wxs"
)

// stage copies the inputs into dir with mtime t. wixl's cabinet records each
// file's mtime, so a fixed one is part of a reproducible build; and wixl
// fails to open some absolute paths (an Icon's SourceFile), so it runs in dir
// with plain names.
func stage(dir string, t time.Time, files map[string]string) error {
	for name, src := range files {
		dst := filepath.Join(dir, name)
		if err := copyFile(src, dst); err != nil {
			return fmt.Errorf("stage %s: %w", src, err)
		}
		if err := os.Chtimes(dst, t, t); err != nil {
			return fmt.Errorf("stage %s: %w", src, err)
		}
	}
	return nil
}

// wixl compiles the staged .wxs in dir (and the staged fragments, such as
// a wrapped product's files) into out, with the product's variables vars and
// the build's own.
func wixl(ctx context.Context, dir, out string, arch Arch, msiVersion, productCode string, vars map[string]string, fragments ...string) error {
	cmd := wixlCommand(ctx, dir, out, arch, msiVersion, productCode, vars, fragments...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("wixl %s: %w\n%s", strings.Join(cmd.Args[1:], " "), err, stderr.String())
	}
	return nil
}

// wixlCommand is the wixl command line that compiles the staged .wxs in dir.
func wixlCommand(ctx context.Context, dir, out string, arch Arch, msiVersion, productCode string, vars map[string]string, fragments ...string) *exec.Cmd {
	var args []string
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		args = append(args, "-D", k+"="+vars[k])
	}
	args = append(args,
		"-a", arch.wixlArch(),
		"-D", "Version="+msiVersion,
		"-D", "Arch="+arch.wixArch(),
		"-D", "ProductCode="+productCode,
		"-D", "ExeSource="+stagedExe,
		"-D", "IconSource="+stagedIcon,
		"-o", out, stagedWXS,
	)
	for _, f := range fragments {
		if f != "" {
			args = append(args, f)
		}
	}
	cmd := childenv.Command(ctx, "wixl", args...)
	cmd.Dir = dir
	return cmd
}

func copyFile(src, dst string) error {
	in, err := inputfile.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
