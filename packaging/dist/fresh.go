package dist

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/packaging/sign"
	"github.com/svcpack/svcpack/packaging/version"
)

// stampName is written into dist/ after a successful run: the inputs' key and
// the hash of every file the run made.
const stampName = ".svcpack-dist.json"

type stamp struct {
	Key   string            `json:"key"`
	Files map[string]string `json:"files"` // path relative to dist/ → sha256
}

// inputsKey hashes everything a release is made from: every file git would
// commit (tracked or new, ignored ones left out, so dist/ itself is not an
// input), the build's identity, the Go toolchain and the signer. It is
// deliberately broader than the exe's imports: goreleaser's config, the
// pipeline's code, wix/ and README.md (in the zips) all count.
func inputsKey(ctx context.Context, root string, v version.Info, s *sign.Signer) (string, error) {
	h := sha256.New()
	files, err := gitFiles(ctx, root)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if err := hashFile(h, filepath.Join(root, f), f); err != nil {
			return "", err
		}
	}
	goVersion, err := output(ctx, root, "go", "env", "GOVERSION", "GOFLAGS")
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "go\x00%s\x00%s\x00%s\x00%d\x00", goVersion, v.Version, v.Commit, v.Time.Unix())
	if s != nil {
		if err := hashSigner(h, s); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashSigner writes what names the signing key and certificate into h: the
// PKCS#12's content, or the token's module, key URI, engine and the content of
// its certificate chain (the PIN opens the key; it does not change it).
func hashSigner(h io.Writer, s *sign.Signer) error {
	if t := s.Token; t != nil {
		fmt.Fprintf(h, "pkcs11\x00%s\x00%s\x00%s\x00", t.Module, t.Key, t.Engine)
		if err := hashFile(h, t.Certs, "certs"); err != nil {
			return err
		}
	} else if err := hashFile(h, s.PFX, "signer"); err != nil {
		return err
	}
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", s.TimestampURL, s.Description, s.URL)
	return nil
}

// gitFiles lists the files git would commit, sorted.
func gitFiles(ctx context.Context, root string) ([]string, error) {
	out, err := output(ctx, root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	files := strings.Split(strings.TrimRight(out, "\x00"), "\x00")
	slices.Sort(files)
	return slices.Compact(files), nil
}

// hashFile writes name and the content of path into h; a file git still
// lists but the work tree has deleted counts as deleted.
func hashFile(h io.Writer, path, name string) error {
	fmt.Fprintf(h, "%s\x00", name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprint(h, "deleted\x00")
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil // a submodule or nested repository: git lists it as one entry
	}
	_, err = io.Copy(h, f)
	fmt.Fprint(h, "\x00")
	return err
}

// upToDate reports whether the last run in dir was made from key and every
// file it made is still there, unchanged.
func upToDate(dir, key string) bool {
	b, err := os.ReadFile(filepath.Join(dir, stampName))
	if err != nil {
		return false
	}
	var st stamp
	if json.Unmarshal(b, &st) != nil || st.Key != key || len(st.Files) == 0 {
		return false
	}
	for name, sum := range st.Files {
		got, err := sha256File(filepath.Join(dir, name))
		if err != nil || got != sum {
			return false
		}
	}
	return true
}

// writeStamp records key and the hash of every file now in dir.
func writeStamp(dir, key string) (int, error) {
	st := stamp{Key: key, Files: map[string]string{}}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || rel == stampName {
			return err
		}
		st.Files[filepath.ToSlash(rel)], err = sha256File(path)
		return err
	})
	if err != nil {
		return 0, err
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return 0, err
	}
	return len(st.Files), os.WriteFile(filepath.Join(dir, stampName), b, 0o644)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// output runs a command in dir and returns its trimmed stdout.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
