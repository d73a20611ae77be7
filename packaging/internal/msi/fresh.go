package msi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/svcpack/svcpack/internal/inputfile"
)

// inputsKey hashes everything an MSI is made from: the files, the build's
// identity and signer, and the running program itself, which holds this
// pipeline's code, so that a change to a fixup also rebuilds.
func inputsKey(opts Options, files ...string) (string, error) {
	h := sha256.New()
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	for _, f := range append([]string{self, opts.WXS, opts.Icon}, files...) {
		if f == "" {
			continue // the rendered source: the template is in self, its values in the product file
		}
		if err := hashFile(h, f); err != nil {
			return "", err
		}
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%s\x00", opts.Arch, opts.Version.Version, opts.Version.MSI, opts.Version.Time.Unix(), opts.Out)
	if s := opts.Signer; s != nil {
		if err := hashFile(h, s.PFX); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", s.TimestampURL, s.Description, s.URL)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, path string) error {
	f, err := inputfile.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(w, "%s\x00", path)
	_, err = io.Copy(w, f)
	return err
}

// upToDate reports whether out exists and was made from inputs with key.
func upToDate(out, keyFile, key string) bool {
	if _, err := os.Stat(out); err != nil {
		return false
	}
	b, err := os.ReadFile(keyFile)
	return err == nil && string(b) == key
}
