package smoke

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/service/clip"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// run is one msiexec run: its exit code, its verbose log, and what it
// printed (under Wine that includes its custom actions' output).
type run struct {
	cmdline string
	code    int
	log     string
	output  string
}

// msiexec runs `msiexec op target NAME="value"… /qn /l*v log`. The command
// line is written out, not left to Go's quoting: msiexec wants NAME="a b",
// not "NAME=a b".
func msiexec(t *testing.T, op, target string, props ...string) run {
	t.Helper()
	sys, err := windows.GetSystemDirectory()
	if err != nil {
		t.Fatal(err)
	}
	log := logPath(t)
	line := []string{`msiexec`, op, `"` + target + `"`}
	for _, p := range props {
		name, value, _ := strings.Cut(p, "=")
		// msiexec reads a doubled quote inside a quoted value as one quote.
		line = append(line, name+`="`+strings.ReplaceAll(value, `"`, `""`)+`"`)
	}
	line = append(line, "/qn", "/l*v", `"`+log+`"`)
	cmdline := strings.Join(line, " ")
	// What the test log shows of the command: a hostile value can be 30,000
	// characters long.
	r := run{cmdline: shown(cmdline)}
	var exit *exec.ExitError
	var output bytes.Buffer
	held, major := heldForWine(t, op, target)
	err = runStarted(t, r.cmdline, func() *exec.Cmd {
		output.Reset()
		cmd := exec.Command(filepath.Join(sys, "msiexec.exe"))
		cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: cmdline}
		cmd.Stdout, cmd.Stderr = &output, &output
		return cmd
	})
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", r.cmdline, err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("%s (exit %d) wrote no log: %v", r.cmdline, r.code, err)
	}
	r.log = DecodeLog(b)
	r.output = output.String()
	t.Logf("%s: exit %d", r.cmdline, r.code)
	if held && (!major || r.result() != "1") {
		startedAgainForWine(t, r.cmdline)
	}
	return r
}

// logPath is where msiexec writes its log: a temp file, or with
// SVCPACK_SMOKE_LOGS set a file in that directory that outlives the run
// (CI keeps them when a case fails).
func logPath(t *testing.T) string {
	dir := os.Getenv(EnvLogs)
	if dir == "" {
		return filepath.Join(testtemp.Dir(t), "msiexec.log")
	}
	dir, err := filepath.Abs(dir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(dir, logName(t.Name())+"-*.log")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	return f.Name()
}

// topResult matches the line Windows and Wine both log for the outermost
// action; the last one is the run's (an upgrade logs the removal's first).
var topResult = regexp.MustCompile(`: INSTALL\. Return value (\d+)\.`)

func (r run) result() string {
	m := topResult.FindAllStringSubmatch(r.log, -1)
	if len(m) == 0 {
		return ""
	}
	return m[len(m)-1][1]
}

// succeeded fails the test unless the run installed, repaired or removed:
// the log's outcome, and on Windows the exit code too (Wine's exit codes
// are the low 8 bits of Windows', so only 0 is comparable).
func (r run) succeeded(t *testing.T) {
	t.Helper()
	if r.result() != "1" || (r.code != 0 && r.code != 3010) {
		t.Fatalf("%s: exit %d, INSTALL returned %q; want success\n%s\n...\n%s\n%s%s", r.cmdline, r.code, r.result(), r.why(), tail(r.log, 40), serviceLog(), r.configureReason())
	}
}

// failed fails the test unless the run was refused or rolled back. On
// Windows the code must be 1603 (fatal error); Wine's is the low 8 bits of
// some other code (67, 91), so only "not 0" is asserted there.
func (r run) failed(t *testing.T) {
	t.Helper()
	if r.result() == "1" || r.code == 0 || (wineVersion == "" && r.code != 1603) {
		t.Fatalf("%s: exit %d, INSTALL returned %q; want a failure (1603)\n%s", r.cmdline, r.code, r.result(), tail(r.log, 80))
	}
}

// logHas fails the test unless each fragment is in the log.
func (r run) logHas(t *testing.T, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		if !strings.Contains(r.log, f) {
			t.Errorf("%s: log lacks %q", r.cmdline, f)
		}
	}
	if t.Failed() {
		t.Fatalf("log tail:\n%s", tail(r.log, 80))
	}
}

// startServicesFailed matches the line Windows (3) and Wine (0) log when
// StartServices failed.
var startServicesFailed = regexp.MustCompile(`StartServices\. Return value [03]\.`)

// failedAction matches the lines Windows and Wine log when an action fails
// (Windows: 3, Wine: 0), and a refusal by launch condition.
var failedAction = regexp.MustCompile(`(?m)^.*(Return value [03]\.|InvalidProperty = |Error 1[0-9]{3}\.).*$`)

// why is what the log says about the first failure: the lines that report a
// failed action or a refusal, with the ten lines before the first of them.
func (r run) why() string {
	loc := failedAction.FindStringIndex(r.log)
	if loc == nil {
		return "(the log names no failed action)"
	}
	before := strings.Split(r.log[:loc[0]], "\n")
	if len(before) > 10 {
		before = before[len(before)-10:]
	}
	return strings.Join(before, "\n") + strings.Join(failedAction.FindAllString(r.log, 8), "\n")
}

// configureAction is the template's deferred custom action that runs
// `<exe> service configure` (wix/*.wxs).
const configureAction = "ConfigureService"

// configureReason says why the configure action failed, when it did:
// Windows Installer keeps no output of an EXE custom action, so the program
// writes the reason to the Event Log (event 115, service/events.go) and
// the runner reads the newest one back; Wine's msiexec passes its custom
// actions' output through to its own, where the reason is printed.
func (r run) configureReason() string {
	if !actionFailed(r.log, configureAction) {
		return ""
	}
	if wineVersion != "" {
		return "\n" + configureAction + " failed; what it printed (Wine passes a custom action's output through msiexec):\n" + tail(shownLines(r.output), 20)
	}
	q := "/q:*[System[Provider[@Name='" + prod.Name + "'] and (EventID=115) and TimeCreated[timediff(@SystemTime) <= 600000]]]"
	out, err := exec.Command("wevtutil", "qe", "Application", q, "/c:1", "/rd:true", "/f:text").CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		return fmt.Sprintf("\n%s failed; no event 115 of %s in the last 10 minutes (wevtutil: %v)", configureAction, prod.Name, err)
	}
	return "\n" + configureAction + " failed; the program's event 115:\n" + tail(shownLines(string(out)), 30)
}

// shownLines is s with each line cut like shown: a hostile value echoed in
// an error can be 30,000 characters long.
func shownLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\r\n"), "\n")
	for i, l := range lines {
		lines[i] = shown(strings.TrimRight(l, "\r"))
	}
	return strings.Join(lines, "\n")
}

// shown is s, or its start and its length when it is longer than a line.
func shown(s string) string {
	if len(s) <= 400 {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", clip.Prefix(s, 400), len(s))
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runStarted runs the command newCmd makes. Wine's CreateProcess fails now
// and then with ERROR_INTERNAL_ERROR on a loaded machine (the program never
// started, so nothing changed): under Wine the command is then made and
// started again, three times in all. Windows gets no second try.
func runStarted(t *testing.T, what string, newCmd func() *exec.Cmd) error {
	t.Helper()
	for attempt := 1; ; attempt++ {
		err := newCmd().Run()
		if wineVersion == "" || attempt == 3 || !errors.Is(err, windows.ERROR_INTERNAL_ERROR) {
			return err
		}
		wineRetry(t, "%s: %v; starting it again", what, err)
		time.Sleep(time.Second)
	}
}

// repair is `msiexec /fomus pkg`: put back missing or older files, rewrite
// the registry values (the channel that carries LISTEN and STARTTYPE to the
// configure action) and shortcuts. Wine's msiexec fails /f with a package
// path (1605), so there it is the same repair spelt as properties; a
// successful one whose ConfigureService never ran is answered as install's.
func repair(t *testing.T, p Package, props ...string) run {
	t.Helper()
	if wineVersion != "" {
		props = append([]string{"REINSTALL=ALL", "REINSTALLMODE=omus"}, props...)
		r := msiexec(t, "/i", p.Path, props...)
		if r.result() == "1" {
			r, _ = configuredForWine(t, r, p, props...)
		}
		return r
	}
	return msiexec(t, "/fomus", p.Path, props...)
}

func install(t *testing.T, p Package, props ...string) run {
	t.Helper()
	r := msiexec(t, "/i", p.Path, props...)
	r.succeeded(t)
	r, _ = configuredForWine(t, r, p, props...)
	return r
}
