//go:build !windows

package smoke

import (
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
