// Package sign signs PE files and MSIs with osslsigncode (Authenticode,
// SHA-256) using a PKCS#12 given by the environment, so that real keys live in
// CI secrets and never in the repository.
package sign

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Environment variables FromEnv reads.
const (
	EnvPFX       = "SVCPACK_SIGN_PFX"       // path of the PKCS#12 (.pfx/.p12) with key and certificate chain
	EnvPassword  = "SVCPACK_SIGN_PASSWORD"  // its password
	EnvTimestamp = "SVCPACK_SIGN_TIMESTAMP" // optional RFC 3161 timestamp server URL
)

// Signer signs files with one certificate.
type Signer struct {
	PFX          string
	Password     string
	TimestampURL string // optional: countersign so the signature outlives the certificate
	Description  string // shown by Windows in the UAC prompt and file properties; default hellosvc
	URL          string // optional: the product's web site in the signature
}

// FromEnv returns the Signer the environment configures, or nil when
// SVCPACK_SIGN_PFX is unset: the build is then unsigned.
func FromEnv() (*Signer, error) {
	pfx := os.Getenv(EnvPFX)
	if pfx == "" {
		return nil, nil
	}
	if _, err := os.Stat(pfx); err != nil {
		return nil, fmt.Errorf("%s: %w", EnvPFX, err)
	}
	return &Signer{
		PFX:          pfx,
		Password:     os.Getenv(EnvPassword),
		TimestampURL: os.Getenv(EnvTimestamp),
		URL:          "https://github.com/svcpack/svcpack",
	}, nil
}

// Status is the one line a build prints about signing.
func Status(s *Signer) string {
	if s == nil {
		return fmt.Sprintf("unsigned: set %s (and %s) to sign", EnvPFX, EnvPassword)
	}
	return "signing with " + filepath.Base(s.PFX)
}

// File signs path in place (an .exe, .dll or .msi). An existing signature is
// replaced, so signing twice is not an error.
func (s *Signer) File(ctx context.Context, path string) error {
	if err := s.file(ctx, path); err != nil {
		return fmt.Errorf("sign %s: %w", path, err)
	}
	return nil
}

func (s *Signer) file(ctx context.Context, path string) error {
	dir, err := os.MkdirTemp(filepath.Dir(path), ".sign-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The password goes through a 0600 file, not argv, where ps would show it.
	passFile := filepath.Join(dir, "pass")
	if err := os.WriteFile(passFile, []byte(s.Password), 0o600); err != nil {
		return err
	}
	desc := s.Description
	if desc == "" {
		desc = "hellosvc"
	}
	out := filepath.Join(dir, "signed"+filepath.Ext(path))
	args := []string{"sign", "-pkcs12", s.PFX, "-readpass", passFile, "-h", "sha256", "-n", desc}
	if s.URL != "" {
		args = append(args, "-i", s.URL)
	}
	if s.TimestampURL != "" {
		args = append(args, "-ts", s.TimestampURL)
	}
	args = append(args, "-in", path, "-out", out)
	if err := osslsigncode(ctx, args...); err != nil {
		return err
	}
	return os.Rename(out, path)
}

// Verify checks path's signature against the CA certificates in caFile (PEM).
// A file that is unsigned, altered after signing, or signed by another CA fails.
func Verify(ctx context.Context, path, caFile string) error {
	if err := osslsigncode(ctx, "verify", "-in", path, "-CAfile", caFile); err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	return nil
}

func osslsigncode(ctx context.Context, args ...string) error {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "osslsigncode", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("osslsigncode %s: %w\n%s", args[0], err, lastLines(out.String(), 6))
	}
	return fmt.Errorf("osslsigncode: %w (install the Debian package osslsigncode)", err)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
