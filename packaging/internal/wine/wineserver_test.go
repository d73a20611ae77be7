package wine

import (
	"context"
	"strings"
	"testing"
)

// The persistent wineserver keeps the SCM and a started service alive
// between commands, and RestartServer flushes what Wine's SCM holds on to: a
// deleted service's key stays until the server restarts (docs/platform.md). The
// prefix must work again afterwards.
func TestServiceLifecycleAndRestartServer(t *testing.T) {
	ctx := context.Background()
	const name = "svcpack-probe"
	key := `HKLM\SYSTEM\CurrentControlSet\Services\` + name
	sc := func(args ...string) string {
		t.Helper()
		out, err := testPrefix.Run(ctx, "sc", args...)
		if err != nil {
			t.Fatalf("sc %v: %v\n%s", args, err, out)
		}
		return out
	}
	sc("create", name, "binPath=", WinPath(minisvcExe))
	sc("start", name)
	// Each sc is its own Wine process. On an implicit wineserver, sc start
	// already fails (exit 1, seen on Wine 8.0): the server winds down as the
	// first sc exits, taking the SCM with it.
	if out := sc("query", name); !strings.Contains(out, "RUNNING") {
		t.Fatalf("after sc start: %s; want RUNNING", out)
	}
	sc("stop", name)
	sc("delete", name)
	before, _ := testPrefix.RegKeyExists(ctx, key)
	t.Logf("service key present after sc delete, before restart: %v", before)
	if err := testPrefix.RestartServer(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := testPrefix.RegKeyExists(ctx, key); err != nil || ok {
		t.Errorf("after RestartServer: key exists %v, err %v; want gone", ok, err)
	}
	if out, err := testPrefix.Run(ctx, helloExe, "0"); err != nil {
		t.Errorf("run after RestartServer: %v\n%s", err, out)
	}
}

// A service that connects to the SCM after 12 s starts, as on Windows (30 s
// by default): the prefix raised Wine's 10 s ServicesPipeTimeout, which a Go
// service under load outlasted now and then (StartServices failing, 1627).
func TestSlowServiceStarts(t *testing.T) {
	ctx := context.Background()
	const name = "svcpack-slow"
	if out, err := testPrefix.Run(ctx, "sc", "create", name, "binPath=", WinPath(minisvcExe)+" 12000"); err != nil {
		t.Fatalf("sc create: %v\n%s", err, out)
	}
	defer testPrefix.Run(ctx, "sc", "delete", name)
	out, err := testPrefix.Run(ctx, "sc", "start", name)
	if err != nil {
		t.Fatalf("sc start of a service that connects after 12 s: %v\n%s", err, out)
	}
	defer testPrefix.Run(ctx, "sc", "stop", name)
	if out, _ := testPrefix.Run(ctx, "sc", "query", name); !strings.Contains(out, "RUNNING") {
		t.Errorf("after sc start: %s; want RUNNING", out)
	}
}
