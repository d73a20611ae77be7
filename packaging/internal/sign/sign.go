// Package sign signs PE files and MSIs with osslsigncode (Authenticode,
// SHA-256) with a key that the environment names: a PKCS#12 file, for tests
// and internal builds, or a key on a PKCS#11 token (an HSM, a USB token or a
// cloud KMS's PKCS#11 module), as a publicly trusted code-signing key must be.
// Keys live in CI secrets or hardware, never in the repository.
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

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/deps"
	"github.com/svcpack/svcpack/service/clip"
)

// Signer signs files with one certificate. Exactly one of PFX and Token is
// set.
type Signer struct {
	PFX          string // path of a PKCS#12 (.pfx/.p12) with the key and certificate chain
	Password     string // the PKCS#12's password; "" for one exported without
	Token        *Token // a key on a PKCS#11 token instead of a PKCS#12
	TimestampURL string // optional: countersign so the signature outlives the certificate
	Description  string // shown by Windows in the UAC prompt and file properties; "": none (the pipeline passes the product file's)
	URL          string // optional: the product's web site in the signature
}

// Token is a private key on a PKCS#11 token, used through OpenSSL's pkcs11
// engine (Debian: libengine-pkcs11-openssl). The key never leaves the token:
// osslsigncode sends it the digest to sign.
type Token struct {
	Module string // path of the token's PKCS#11 module (.so)
	Key    string // RFC 7512 pkcs11: URI of the private key, e.g. pkcs11:token=release;object=signer;type=private
	Certs  string // PEM file: the key's code-signing certificate and the intermediates that chain it to a root
	PIN    string // the token's user PIN
	Engine string // optional: path of OpenSSL's pkcs11 engine; default: found by its id in OpenSSL's engines directory
}

// Tools is what signing with s needs on the host, for deps.Ensure.
func (s *Signer) Tools() []deps.Tool {
	tools := append([]deps.Tool{}, deps.Sign...)
	if s != nil && s.Token != nil && s.Token.Engine == "" {
		tools = append(tools, deps.PKCS11...)
	}
	return tools
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
	args, secret, err := s.keyArgs()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp(filepath.Dir(path), ".sign-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "signed"+filepath.Ext(path))
	args = append(append([]string{"sign"}, args...), "-h", "sha256")
	if s.Description != "" {
		args = append(args, "-n", s.Description)
	}
	if s.URL != "" {
		args = append(args, "-i", s.URL)
	}
	if s.TimestampURL != "" {
		args = append(args, "-ts", s.TimestampURL)
	}
	args = append(args, "-in", path, "-out", out)
	if err := run(ctx, secret, args...); err != nil {
		return err
	}
	return os.Rename(out, path)
}

// keyArgs returns osslsigncode's options that name the key and certificates,
// and the secret (password or PIN) to hand it on standard input: never in
// argv, where any user's ps would show it, nor in a file on disk.
func (s *Signer) keyArgs() (args []string, secret *string, err error) {
	switch {
	case s.PFX != "" && s.Token != nil:
		return nil, nil, errors.New("the signer has both a PKCS#12 and a PKCS#11 token: set one")
	case s.PFX != "":
		args = []string{"-pkcs12", s.PFX}
		// osslsigncode refuses an empty password read from a file or stdin;
		// a PKCS#12 exported without a password opens with no option at all.
		if s.Password != "" {
			args, secret = append(args, "-readpass", "-"), &s.Password
		}
		return args, secret, nil
	case s.Token != nil:
		t := s.Token
		if t.PIN == "" {
			// Without a PIN osslsigncode would prompt on the terminal.
			return nil, nil, fmt.Errorf("no PIN for the PKCS#11 key %s: set %s", clip.Quote(t.Key), EnvPIN)
		}
		if t.Engine != "" {
			args = append(args, "-pkcs11engine", t.Engine)
		}
		args = append(args, "-pkcs11module", t.Module, "-certs", t.Certs, "-key", t.Key, "-readpass", "-")
		return args, &t.PIN, nil
	}
	return nil, nil, fmt.Errorf("the signer has no key: set %s, or %s and %s", EnvPFX, EnvPKCS11Module, EnvPKCS11Key)
}

// Verify checks path's signature against the CA certificates in caFile (PEM).
// A file that is unsigned, altered after signing, or signed by another CA fails.
func Verify(ctx context.Context, path, caFile string) error {
	if err := run(ctx, nil, "verify", "-in", path, "-CAfile", caFile); err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	return nil
}

// run runs osslsigncode with secret, if any, on its standard input; without
// one, standard input is the null device.
func run(ctx context.Context, secret *string, args ...string) error {
	var out bytes.Buffer
	cmd := childenv.Command(ctx, "osslsigncode", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if secret != nil {
		cmd.Stdin = strings.NewReader(*secret)
	}
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		// The hints name the signing variables: they are for sign, not verify.
		if hint := explain(out.String()); hint != "" && args[0] == "sign" {
			return fmt.Errorf("osslsigncode %s: %w: %s\n%s", args[0], err, hint, lastLines(out.String(), 8))
		}
		return fmt.Errorf("osslsigncode %s: %w\n%s", args[0], err, lastLines(out.String(), 8))
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
