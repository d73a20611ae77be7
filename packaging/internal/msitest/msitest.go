// Package msitest builds the repository's product as real MSIs for the tests
// of the stages that read an MSI (intunewin, winget, choco): wixl and
// msitools make them around a stand-in exe, which nothing runs.
package msitest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// Product loads the product file at root (the repository, from a test's
// package directory "../../..").
func Product(t testing.TB, root string) *product.Product {
	t.Helper()
	p, err := product.Load(filepath.Join(root, product.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Build writes root's product as dir/<name>_<v>_<arch>.msi for each of
// arches and returns the paths in the same order.
func Build(t testing.TB, root, dir, v string, arches ...msi.Arch) []string {
	t.Helper()
	ctx := context.Background()
	if err := deps.Ensure(ctx, deps.MSI...); err != nil {
		t.Fatal(err)
	}
	info, err := version.Parse(v)
	if err != nil {
		t.Fatal(err)
	}
	info.Time = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := Product(t, root)
	exe := filepath.Join(t.TempDir(), p.ExeName())
	if err := os.WriteFile(exe, []byte("MZ stand-in"), 0o644); err != nil {
		t.Fatal(err)
	}
	tables, err := filepath.Glob(filepath.Join(root, "wix", "*.idt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, arch := range arches {
		path := filepath.Join(dir, p.MSIName(v, string(arch)))
		err := msi.Build(ctx, msi.Options{
			Product: p, WXS: p.WXSPath(root), Icon: filepath.Join(root, p.Icon), Tables: tables,
			Exe: exe, Arch: arch, Version: info, Out: path,
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, path)
	}
	return out
}

// Release builds root's product for every arch as version v in dir and
// describes the MSIs into dir/deployment.json, as the goreleaser hook does;
// it returns the manifest's path.
func Release(t testing.TB, root, dir, v string) string {
	t.Helper()
	manifest := filepath.Join(dir, deploy.FileName)
	for _, path := range Build(t, root, dir, v, msi.Arches...) {
		pkg, err := deploy.Describe(context.Background(), path, v)
		if err != nil {
			t.Fatal(err)
		}
		if err := deploy.Add(manifest, pkg); err != nil {
			t.Fatal(err)
		}
	}
	return manifest
}
