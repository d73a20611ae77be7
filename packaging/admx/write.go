package admx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/packaging/product"
)

// Options say where Run writes.
type Options struct {
	Dir     string    // output directory; the files go to Dir and Dir/en-US, the zip to Dir
	Version string    // the release version in the zip's name; "" for none
	Time    time.Time // the zip entries' time (the commit's, for a reproducible zip); zero: 1980-01-01
}

// Output is what Run wrote.
type Output struct {
	ADMX, ADML, Zip string // paths
}

// Run builds p's template and writes <Dir>/<company>.<name>.admx,
// <Dir>/en-US/<company>.<name>.adml and <Dir>/<ZipName>, each replaced
// atomically (the release's post-build hooks run it at once per arch: the
// bytes are the same, and no reader sees half a file).
func Run(p *product.Product, o Options) (Output, error) {
	t, err := Build(p)
	if err != nil {
		return Output{}, err
	}
	z, err := Zip(t, o.Time)
	if err != nil {
		return Output{}, err
	}
	out := Output{
		ADMX: filepath.Join(o.Dir, t.Base+".admx"),
		ADML: filepath.Join(o.Dir, Language, t.Base+".adml"),
		Zip:  filepath.Join(o.Dir, ZipName(p, o.Version)),
	}
	for _, f := range []struct {
		path string
		b    []byte
	}{{out.ADMX, t.ADMX}, {out.ADML, t.ADML}, {out.Zip, z}} {
		if err := writeAtomic(f.path, f.b); err != nil {
			return Output{}, err
		}
	}
	return out, nil
}

// ZipName is the Central Store zip's name: <name>_<version>_admx.zip, or
// <name>_admx.zip without a version.
func ZipName(p *product.Product, version string) string {
	if version == "" {
		return p.Name + "_admx.zip"
	}
	return p.Name + "_" + version + "_admx.zip"
}

// Zip lays t out for the Central Store: extracted over
// \\<domain>\SYSVOL\<domain>\Policies, or uploaded to Intune file by file.
func Zip(t Template, mtime time.Time) ([]byte, error) {
	if mtime.IsZero() {
		mtime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, f := range []struct {
		name string
		b    []byte
	}{
		{"PolicyDefinitions/" + t.Base + ".admx", t.ADMX},
		{"PolicyDefinitions/" + Language + "/" + t.Base + ".adml", t.ADML},
	} {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mtime.UTC()})
		if err != nil {
			return nil, fmt.Errorf("admx: zip %s: %w", f.name, err)
		}
		if _, err := fw.Write(f.b); err != nil {
			return nil, fmt.Errorf("admx: zip %s: %w", f.name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("admx: zip: %w", err)
	}
	return b.Bytes(), nil
}

func writeAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("admx: create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".admx-*")
	if err != nil {
		return fmt.Errorf("admx: write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("admx: write %s: %w", path, err)
	}
	return nil
}
