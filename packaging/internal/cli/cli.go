// Package cli is what the svcpack command (cmd/svcpack's main) runs: its
// subcommands, their flags, help and exit codes, each subcommand calling the
// pipeline's stages (packaging/internal/...). It is reached through
// packaging.Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the step failed
	exitUsage   = 2 // bad command line
	exitProduct = 3 // svcpack.yaml is missing or invalid
)

const exitCodesHelp = `exit codes:
  0  success
  1  the step failed (a build, a lint rule, a smoke case, a file that cannot be read, a file init would overwrite)
  2  bad command line
  3  the product file is missing or invalid
`

// command is one subcommand.
type command struct {
	name      string
	summary   string
	usage     string // after "svcpack NAME "
	help      string // what it does, more than the summary
	run       func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error
	flags     func(fs *flag.FlagSet) // defines the command's flags; run reads them through fs
	noProduct bool                   // reads no product file: no --product flag
}

var commands = []*command{initCommand, checkCommand, settingsCommand, msiCommand, lintCommand, describeCommand, transformCommand, smokeCommand, admxCommand, intunewinCommand, wingetCommand, chocoCommand}

// env is what a command writes to, so tests can run main in-process.
type env struct {
	stdout, stderr io.Writer
}

// progress writes one line about a long step to stderr.
func (e *env) progress(format string, args ...any) {
	fmt.Fprintf(e.stderr, "svcpack: "+format+"\n", args...)
}

// usageError is a bad command line: exit 2, with the command's usage.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// productError is a missing or invalid product file: exit 3.
type productError struct{ err error }

func (p productError) Error() string { return p.err.Error() }
func (p productError) Unwrap() error { return p.err }

// Main runs the svcpack command line args (without the program's name),
// writing to stdout and stderr, and returns its exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, &env{stdout: stdout, stderr: stderr})
}

func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		mainUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "--help"}, e)
		}
		mainUsage(e.stdout)
		return exitOK
	}
	var cmd *command
	for _, c := range commands {
		if c.name == args[0] {
			cmd = c
		}
	}
	if cmd == nil {
		fmt.Fprintf(e.stderr, "svcpack: unknown command %q\n\n", args[0])
		mainUsage(e.stderr)
		return exitUsage
	}
	fs := flag.NewFlagSet("svcpack "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if !cmd.noProduct {
		fs.String("product", "svcpack.yaml", "the product `file`")
	}
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(e.stdout, cmd, fs)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "svcpack %s: %v\n\n", cmd.name, err)
		commandUsage(e.stderr, cmd, fs)
		return exitUsage
	}
	err := cmd.run(ctx, e, fs, fs.Args())
	var u usageError
	var p productError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		fmt.Fprintf(e.stderr, "svcpack %s: %v\n\n", cmd.name, err)
		commandUsage(e.stderr, cmd, fs)
		return exitUsage
	case errors.As(err, &p):
		fmt.Fprintf(e.stderr, "svcpack %s: %v\n", cmd.name, err)
		return exitProduct
	default:
		fmt.Fprintf(e.stderr, "svcpack %s: %v\n", cmd.name, err)
		return exitFailed
	}
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, "svcpack packages a Windows service described by svcpack.yaml as MSIs.\n\nusage: go tool svcpack COMMAND [flags] [args]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\n`go tool svcpack COMMAND --help` describes a command and its flags.\n\n%s", exitCodesHelp)
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: go tool svcpack %s %s\n\n%s\n\nflags:\n", c.name, c.usage, strings.TrimSpace(c.help))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintf(w, "\n%s", exitCodesHelp)
}
