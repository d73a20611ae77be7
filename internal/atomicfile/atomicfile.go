// Package atomicfile is the one way the pipeline writes a file it produces
// (an MSI, a transform, deployment.json, the ADMX files), and the way the
// runtime writes a service's config (WritePrivate): the bytes go to a
// temporary file created exclusively beside the output, with a random name
// (os.CreateTemp: O_CREATE|O_EXCL, so a link planted at a guessable name is
// never opened, let alone written through), and a rename then replaces the
// output path itself. A link standing at the output path is replaced by the
// new file, never followed; a reader sees the old file or the new one, never
// half of either; a failure leaves the output as it was.
//
// service/settings imports it, so it may import only the standard library,
// golang.org/x/sys and service/... (importers of service pull nothing else).
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Mode is the permission every output gets: readable by all, as the
// artifacts of a build are.
const Mode = 0o644

// File is a pending output: write it, then Commit or Abort.
type File struct {
	*os.File
	path string
	perm os.FileMode // what the output gets at Commit
	sync bool        // flush to disk before the rename (WritePrivate)
	done bool
}

// Create makes the folder of path if missing and a temporary file beside
// path to write the new content to.
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &File{File: f, path: path, perm: Mode}, nil
}

// Path is the output the file will replace.
func (f *File) Path() string { return f.path }

// Commit closes the temporary file and renames it over the output.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("write %s: already committed or aborted", f.path)
	}
	f.done = true
	var err error
	if f.sync {
		err = f.File.Sync()
	}
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), f.perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Abort discards the temporary file; the output stays as it was. It does
// nothing after Commit, so `defer f.Abort()` is safe.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}

// Write replaces path with b.
func Write(path string, b []byte) error {
	return WriteAll(Output{path, b})
}

// Copy replaces path with a copy of the file src.
func Copy(src, path string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := io.Copy(f, in); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// Output is one file of a command's outputs.
type Output struct {
	Path  string
	Bytes []byte
}

// WriteAll replaces several outputs as one: every file is written to its
// temporary name first, and only when all are written are they renamed
// over their outputs. A failure while writing leaves every output as it
// was. The renames themselves do not fail for lack of space or a bad folder
// (those show while writing); should one fail anyway, the outputs renamed
// before it stay new and the error says which.
func WriteAll(outs ...Output) error {
	var pending []*File
	defer func() {
		for _, f := range pending {
			f.Abort()
		}
	}()
	for _, o := range outs {
		f, err := Create(o.Path)
		if err != nil {
			return err
		}
		pending = append(pending, f)
		if _, err := f.Write(o.Bytes); err != nil {
			return fmt.Errorf("write %s: %w", o.Path, err)
		}
	}
	return CommitAll(pending...)
}

// CommitAll commits files in order; after a failure the rest are aborted.
func CommitAll(files ...*File) error {
	for i, f := range files {
		if err := f.Commit(); err != nil {
			for _, rest := range files[i+1:] {
				rest.Abort()
			}
			if i > 0 {
				var done []string
				for _, d := range files[:i] {
					done = append(done, d.path)
				}
				return errors.Join(err, fmt.Errorf("already replaced: %v", done))
			}
			return err
		}
	}
	return nil
}
