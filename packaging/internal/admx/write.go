package admx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/product"
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
// <Dir>/en-US/<company>.<name>.adml and <Dir>/<ZipName> through
// internal/atomicfile: all three are written before any is replaced, and no
// reader sees half a file (the release's post-build hooks run it at once
// per arch, with the same bytes).
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
	// All three are written before any is replaced: a failure leaves the
	// previous set whole.
	if err := atomicfile.WriteAll(
		atomicfile.Output{Path: out.ADMX, Bytes: t.ADMX},
		atomicfile.Output{Path: out.ADML, Bytes: t.ADML},
		atomicfile.Output{Path: out.Zip, Bytes: z},
	); err != nil {
		return Output{}, fmt.Errorf("admx: %w", err)
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
