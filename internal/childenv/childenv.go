// Package childenv is how the pipeline (cmd/svcpack, packaging/) starts
// child processes — wixl, msibuild, osslsigncode, go, git, wine, apt-get:
// each gets this process's environment without the signing configuration,
// every variable named SVCPACK_SIGN_* (the PKCS#12 password, the token's
// PIN, the base64 PKCS#12 a CI may hold). No child needs them: osslsigncode
// gets the key's paths as arguments and the password or PIN on its standard
// input (packaging/internal/sign), and a child's environment is readable by every
// process of the same user and ends up in core dumps and debug logs.
package childenv

import (
	"context"
	"os"
	"os/exec"
	"strings"
)

// SigningPrefix starts the name of every signing variable
// (packaging/internal/sign/env.go).
const SigningPrefix = "SVCPACK_SIGN_"

// Environ is this process's environment without the signing variables,
// then extra.
func Environ(extra ...string) []string {
	return append(Filter(os.Environ()), extra...)
}

// Filter is env without the signing variables. Names compare without case:
// Windows' do.
func Filter(env []string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(strings.ToUpper(name), SigningPrefix) {
			kept = append(kept, kv)
		}
	}
	return kept
}

// Command is exec.CommandContext with Environ: set more variables by
// appending to its Env.
func Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = Environ()
	return cmd
}

// WithSigning is this process's whole environment, then extra, for the one
// child that signs through svcpack itself: goreleaser, whose post-build hook
// runs `svcpack msi`, which reads the signing variables.
func WithSigning(extra ...string) []string {
	return append(os.Environ(), extra...)
}
