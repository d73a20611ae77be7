package intunewin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/atomicfile"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/zipfile"
	"github.com/svcpack/svcpack/service/clip"
)

// Options say which MSI to wrap and where.
type Options struct {
	// DB is the MSI (msidb.Open(path), or what msi.BuildRead returned, so
	// that tables read already are not read again).
	DB *msidb.DB
	// Dir is the output directory; the package is Dir/<msi name>.intunewin.
	Dir string
	// Time stamps the zip entries; zero takes the MSI's modification time.
	Time time.Time
	// Add are files to put beside the MSI in the source folder, such as
	// a transform (site.mst) the install command line names.
	Add []string
	// Manifest, when set, is the deployment.json whose channels.intune
	// gets the package's name, with Detection (svcpack.yaml's
	// channels.intune.detection) as the recommended detection rule.
	Manifest  string
	Detection string
}

// Result is what Run wrote. It holds no key material.
type Result struct {
	Path        string // the .intunewin
	ProductCode string
	Size        int64
}

// Run reads the MSI's facts, then writes Dir/<msi name>.intunewin
// atomically: nothing is written when the MSI's values are of the wrong shape.
func Run(ctx context.Context, o Options) (Result, error) {
	res, err := run(ctx, o)
	if err != nil {
		return Result{}, fmt.Errorf("intunewin for %s: %w", o.DB.Path(), err)
	}
	return res, nil
}

func run(ctx context.Context, o Options) (Result, error) {
	facts, err := readFacts(ctx, o.DB)
	if err != nil {
		return Result{}, err
	}
	msiPath := o.DB.Path()
	msiBytes, err := os.ReadFile(msiPath)
	if err != nil {
		return Result{}, err
	}
	stamp := o.Time
	if stamp.IsZero() {
		st, err := os.Stat(msiPath)
		if err != nil {
			return Result{}, err
		}
		stamp = st.ModTime()
	}
	setup := filepath.Base(msiPath)
	files := []zipfile.Entry{{Name: setup, Data: msiBytes}}
	for _, path := range o.Add {
		e, err := extra(path, files)
		if err != nil {
			return Result{}, err
		}
		files = append(files, e)
	}
	plain, err := zipfile.Zip(files, stamp)
	if err != nil {
		return Result{}, err
	}
	content, enc, err := encrypt(plain)
	if err != nil {
		return Result{}, err
	}
	detection, err := ApplicationInfo{
		Name:                   facts.ProductName,
		UnencryptedContentSize: int64(len(plain)),
		FileName:               contentsName,
		SetupFile:              setup,
		EncryptionInfo:         enc,
		MsiInfo:                facts.MsiInfo,
	}.marshal()
	if err != nil {
		return Result{}, err
	}
	// The content is ciphertext: deflate would only cost time.
	outer, err := zipfile.Zip([]zipfile.Entry{
		{Name: detectionPath, Data: detection},
		{Name: contentsPath, Data: content, Store: true},
	}, stamp)
	if err != nil {
		return Result{}, err
	}
	out := filepath.Join(o.Dir, strings.TrimSuffix(setup, filepath.Ext(setup))+".intunewin")
	if err := atomicfile.Write(out, outer); err != nil {
		return Result{}, err
	}
	if o.Manifest != "" {
		if err := record(o.Manifest, setup, filepath.Base(out), o.Detection); err != nil {
			return Result{}, err
		}
	}
	return Result{Path: out, ProductCode: facts.MsiProductCode, Size: int64(len(outer))}, nil
}

// extra reads a file to add to the source folder: a regular file whose name
// no other entry has, so that the folder Intune unpacks is what was asked for.
func extra(path string, have []zipfile.Entry) (zipfile.Entry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return zipfile.Entry{}, fmt.Errorf("add %s: %w", clip.Quote(path), err)
	}
	if !st.Mode().IsRegular() {
		return zipfile.Entry{}, fmt.Errorf("add %s: want a regular file, not %s", clip.Quote(path), st.Mode().Type())
	}
	name := filepath.Base(path)
	for _, e := range have {
		if strings.EqualFold(e.Name, name) {
			return zipfile.Entry{}, fmt.Errorf("add %s: the package already holds a file named %s (Windows file names ignore case)", clip.Quote(path), clip.Quote(e.Name))
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return zipfile.Entry{}, fmt.Errorf("add %s: %w", clip.Quote(path), err)
	}
	return zipfile.Entry{Name: name, Data: b}, nil
}

// record names the package in deployment.json's channels.intune.
func record(manifest, msiFile, file, detection string) error {
	return deploy.Change(manifest, func(m *deploy.Manifest) error {
		if m.Channels == nil {
			m.Channels = &deploy.Channels{}
		}
		if m.Channels.Intune == nil {
			m.Channels.Intune = &deploy.IntuneChannel{Packages: map[string]string{}}
		}
		m.Channels.Intune.Packages[msiFile] = file
		m.Channels.Intune.Detection = detection
		return nil
	})
}
