package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/adoptmod"
	"github.com/svcpack/svcpack/internal/testtemp"
)

// adopter is a new module outside the repository and what its team did in
// it: the commands it ran and the files it edited (as the tools wrote them
// first), for the report.
type adopter struct {
	t        *testing.T
	dir      string
	module   string
	gets     []string // the packages README's `go get` lines add, tools marked
	modReady bool
	commands []string
	before   map[string]string // an edited file as it was before the adopter's first edit
	order    []string          // the edited files, first edit first
}

func newAdopter(t *testing.T, module string) *adopter {
	return &adopter{t: t, dir: testtemp.Dir(t), module: module, before: map[string]string{}}
}

func (a *adopter) path(rel string) string { return filepath.Join(a.dir, filepath.FromSlash(rel)) }

// goGet stands in for a README `go get` of one of svcpack's packages: this
// checkout is not published at a version, so go.mod requires it replaced by
// the checkout, and go.sum starts from the repository's (package adoptmod):
// a new machine needs only the module proxy. The go.mod is written before the
// first command that is not a `go get`.
func (a *adopter) goGet(line string) {
	f := strings.Fields(line)
	tool := slices.Contains(f, "-tool")
	pkg := f[len(f)-1]
	if !strings.HasPrefix(pkg, "github.com/svcpack/svcpack/") || len(f) != 3+boolInt(tool) {
		a.t.Fatalf("README's %q: want go get [-tool] github.com/svcpack/svcpack/...", line)
	}
	if tool {
		a.gets = append(a.gets, "tool "+pkg)
	}
	a.commands = append(a.commands, line+"   (stand-in: go.mod requires this checkout, replaced)")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeGoMod is the module the `go get` lines make, tidied with the caller's
// GOPROXY; every later command runs with GOPROXY=off.
func (a *adopter) writeGoMod() {
	root := checkoutRoot(a.t)
	gomod := "module " + a.module + "\n\ngo 1.26\n\nrequire github.com/svcpack/svcpack v0.0.0\n\n" +
		strings.Join(a.gets, "\n") + "\n\nreplace github.com/svcpack/svcpack => " + root + "\n"
	if err := os.WriteFile(a.path("go.mod"), []byte(gomod), 0o644); err != nil {
		a.t.Fatal(err)
	}
	if err := adoptmod.SeedSums(root, a.dir); err != nil {
		a.t.Fatal(err)
	}
	a.exec("go mod tidy", "GOFLAGS=-mod=mod")
	a.modReady = true
}

// run runs a command line as the adopter types it (sh -c, in the module's
// root) and returns its output; a failure ends the test with it.
func (a *adopter) run(line string) string {
	a.t.Helper()
	if !a.modReady {
		a.writeGoMod()
	}
	a.commands = append(a.commands, line)
	return a.exec(line, "GOFLAGS=", "GOPROXY=off")
}

func (a *adopter) exec(line string, env ...string) string {
	a.t.Helper()
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = a.dir
	cmd.Env = append(os.Environ(), append([]string{"GOWORK=off"}, env...)...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		a.t.Fatalf("$ %s (in %s): %v\n%s", line, a.dir, err, b)
	}
	return string(b)
}

// edit is the adopter replacing old with new in a file of the module, once.
func (a *adopter) edit(rel, old, new string) {
	a.t.Helper()
	b, err := os.ReadFile(a.path(rel))
	if err != nil {
		a.t.Fatal(err)
	}
	if _, seen := a.before[rel]; !seen {
		a.before[rel] = string(b)
		a.order = append(a.order, rel)
	}
	if strings.Count(string(b), old) != 1 {
		a.t.Fatalf("%s: want %q once, as the tools wrote it", rel, old)
	}
	if err := os.WriteFile(a.path(rel), []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		a.t.Fatal(err)
	}
}

// written are the lines the adopter added or changed in an edited file.
func (a *adopter) written(rel string) []string {
	now, err := os.ReadFile(a.path(rel))
	if err != nil {
		a.t.Fatal(err)
	}
	return addedLines(a.before[rel], string(now))
}

// goLines counts the lines of Go the adopter wrote.
func (a *adopter) goLines() int {
	n := 0
	for _, rel := range a.order {
		if strings.HasSuffix(rel, ".go") {
			n += len(a.written(rel))
		}
	}
	return n
}

// report logs the commands and, per edited file, the lines written.
func (a *adopter) report() {
	var b strings.Builder
	fmt.Fprintf(&b, "the adopter's commands (in %s):\n", a.dir)
	for _, c := range a.commands {
		fmt.Fprintf(&b, "  $ %s\n", c)
	}
	for _, rel := range a.order {
		lines := a.written(rel)
		fmt.Fprintf(&b, "%s: %d lines added or changed after the tools wrote it:\n", rel, len(lines))
		for _, l := range lines {
			fmt.Fprintf(&b, "  + %s\n", l)
		}
	}
	a.t.Log(b.String())
}

// addedLines are the lines of after that a longest common subsequence with
// before leaves out: what was added or changed.
func addedLines(before, after string) []string {
	x, y := strings.Split(before, "\n"), strings.Split(after, "\n")
	// lcs[i][j]: the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var added []string
	i, j := 0, 0
	for j < len(y) {
		switch {
		case i < len(x) && x[i] == y[j]:
			i, j = i+1, j+1
		case i < len(x) && lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			if strings.TrimSpace(y[j]) != "" {
				added = append(added, y[j])
			}
			j++
		}
	}
	return added
}

// readmeCommands are the command lines of README.md's sh block under
// heading, without their comments.
func readmeCommands(t *testing.T, heading string) []string {
	t.Helper()
	readme := string(read(t, filepath.Join(checkoutRoot(t), "README.md")))
	_, section, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no heading %q", heading)
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, closed := strings.Cut(block, "```")
	if !ok || !closed {
		t.Fatalf("README.md's %q has no sh block", heading)
	}
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(comment.ReplaceAllString(l, "")); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// comment is a shell comment after a command (README's blocks have no #
// inside a command).
var comment = regexp.MustCompile(`\s+#.*$`)
