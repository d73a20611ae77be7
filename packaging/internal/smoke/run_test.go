//go:build !windows

package smoke

import (
	"context"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The runner's go test -v output becomes one line per case start and end,
// the notes, and a summary; a failing subtest is shown and marks the run
// failed even when go test's own exit status were lost.
func TestProgress(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, time.Now())
	p.stop()
	for _, chunk := range []string{
		"smoke: mysvc from Z:\\m\\svcpack.yaml: v1 0.1.0\n=== RUN   TestFreshInstall\n",
		"=== RUN   TestFreshInstall/recovery\n    windowsonly_windows_test.go:26: NOT VERIFIABLE HERE (Wine 8.0): x\n",
		"--- SKIP: TestFreshInstall/recovery (0.00s)\n    --- PASS: TestFreshInstall/other (0.0",
		"0s)\n--- PASS: TestFreshInstall (2.31s)\n=== RUN   TestUpgrade\n    upgrade_windows_test.go:40: upgrade downtime: 0.1.0 -> 0.1.1, idle: 1.2s\n",
		"    --- FAIL: TestUpgrade/sub (0.00s)\n--- FAIL: TestUpgrade (9.00s)\nFAIL\n",
	} {
		p.Write([]byte(chunk))
	}
	got := out.String()
	for _, want := range []string{
		"smoke: mysvc from", "smoke: TestFreshInstall ...\n", "NOT VERIFIABLE HERE", "smoke: --- PASS: TestFreshInstall (2.31s)\n",
		"smoke: TestUpgrade ...\n", "upgrade downtime: 0.1.0 -> 0.1.1", "smoke: --- FAIL: TestUpgrade/sub", "smoke: --- FAIL: TestUpgrade (9.00s)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("progress lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "TestFreshInstall/recovery ...") || strings.Contains(got, "PASS: TestFreshInstall/other") {
		t.Errorf("progress shows a passing subtest:\n%s", got)
	}
	if !p.failed {
		t.Error("a FAIL line did not mark the run failed")
	}
	if s := p.summary(3 * time.Second); !strings.Contains(s, "2 passed, 2 failed, 1 skipped") {
		t.Errorf("summary %q", s)
	}
	if !strings.Contains(p.all.String(), "windowsonly_windows_test.go:26") {
		t.Error("the whole output was not kept for a failure report")
	}
}

// A long case gets a line at least every heartbeat.
func TestProgressHeartbeat(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, time.Now())
	p.Write([]byte("=== RUN   TestRepeatedUpgrades\n"))
	p.mu.Lock()
	p.last = time.Now().Add(-heartbeat)
	p.mu.Unlock()
	time.Sleep(1500 * time.Millisecond)
	p.stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if !strings.Contains(out.String(), "smoke: TestRepeatedUpgrades still running") {
		t.Errorf("no heartbeat line:\n%s", out.String())
	}
}

// Under Wine a failed case ends the round (-failfast); the cases after it run
// in a fresh prefix with every ended case skipped, the failed one included;
// the run stays failed and the summary says what happened.
func TestFreshPrefixAfterAFailedCase(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, time.Now())
	p.stop()
	rounds := []string{
		"=== RUN   TestFreshInstall\n--- PASS: TestFreshInstall (1.00s)\n=== RUN   TestBadExamples\n" +
			"    --- FAIL: TestBadExamples/REMOVEDATA=2 (3.00s)\n--- FAIL: TestBadExamples (3.00s)\nFAIL\n",
		"=== RUN   TestRepair\n    x_test.go:1: " + RetryMarker + " msiexec /i p.msi: starting it again\n--- PASS: TestRepair (2.00s)\n" +
			"=== RUN   TestUpgrade\npanic: boom\n",
		"=== RUN   TestUninstall\n--- PASS: TestUninstall (1.00s)\nPASS\n",
	}
	var got [][]string
	err := runInFreshPrefixes(context.Background(), []string{"-count=1"}, p, func(flags []string) error {
		got = append(got, flags)
		p.Write([]byte(rounds[len(got)-1]))
		if len(got) < 3 {
			return errors.New("exit status 1")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the last round passed, yet: %v", err)
	}
	want := [][]string{
		{"-count=1", "-failfast"},
		{"-count=1", "-failfast", `-skip=^(TestFreshInstall|TestBadExamples)$`},
		{"-count=1", "-failfast", `-skip=^(TestFreshInstall|TestBadExamples|TestRepair|TestUpgrade)$`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rounds' flags:\n%q\nwant\n%q", got, want)
	}
	if !p.failed {
		t.Error("the run is not failed after two failed cases")
	}
	s := p.summary(time.Second)
	for _, w := range []string{"3 passed, 2 failed", "1 Wine-only retries", "starting it again", "2 fresh prefixes after failed cases"} {
		if !strings.Contains(s, w) {
			t.Errorf("summary lacks %q:\n%s", w, s)
		}
	}
}

// A round that fails with no failed case (the runner did not build) is not
// run again, and neither is one that passed.
func TestNoFreshPrefixWithoutAFailedCase(t *testing.T) {
	for _, result := range []error{nil, errors.New("build failed")} {
		p := newProgress(io.Discard, time.Now())
		p.stop()
		calls := 0
		err := runInFreshPrefixes(context.Background(), nil, p, func([]string) error { calls++; return result })
		if calls != 1 || err != result {
			t.Errorf("goTest returning %v: %d rounds, error %v; want 1 round and that error", result, calls, err)
		}
	}
}

func TestSkipExprQuotes(t *testing.T) {
	if got := skipExpr([]string{"TestA", "TestB.x"}); got != `^(TestA|TestB\.x)$` {
		t.Errorf("skipExpr = %q", got)
	}
}

// TestRunRefusesANonMSIAtOnce: Run says what it needs, then refuses a file
// that is not an MSI before it builds its runner or makes a Wine prefix.
func TestRunRefusesANonMSIAtOnce(t *testing.T) {
	notMSI := t.TempDir() + "/hellosvc_1.0.0_amd64.msi"
	if err := os.WriteFile(notMSI, []byte("<html>404</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err := Run(context.Background(), Options{Dir: "../../..", Product: "../../../svcpack.yaml", MSIs: []string{notMSI}, Out: &out})
	if err == nil || !strings.Contains(err.Error(), notMSI) || !strings.Contains(err.Error(), "is not a Windows Installer package") {
		t.Errorf("Run on a file that is not an MSI: %v", err)
	}
	if !strings.HasPrefix(out.String(), "smoke needs: the product file ") || strings.Contains(out.String(), "building the Windows-side runner") {
		t.Errorf("Run's output:\n%s", out.String())
	}
}
