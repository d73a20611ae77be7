package policy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// testKey makes a policy key of its own under HKLM\Software\Policies (the
// test runs as an administrator: Wine's user is one, Windows CI's runner
// too) and deletes it, and its company key, afterwards.
func testKey(t *testing.T) Policy {
	t.Helper()
	company := fmt.Sprintf("svcpack-test-%d", os.Getpid())
	p := New(company, t.Name(),
		Setting{Name: "listen", Kind: Text, Apply: Restart},
		Setting{Name: "workers", Kind: Decimal, Apply: Live},
	)
	t.Cleanup(func() {
		_ = registry.DeleteKey(registry.LOCAL_MACHINE, p.Key)
		_ = registry.DeleteKey(registry.LOCAL_MACHINE, `Software\Policies\`+company)
	})
	return p
}

// create writes the key as Group Policy's registry extension does: the key
// under Software\Policies, a REG_SZ for a text element, a REG_DWORD for a
// decimal one.
func create(t *testing.T, p Policy) registry.Key {
	t.Helper()
	k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, p.Key, registry.SET_VALUE)
	if err != nil {
		t.Fatalf("create HKLM\\%s: %v", p.Key, err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

func TestReadWhatGroupPolicyWrites(t *testing.T) {
	p := testKey(t)
	v, err := p.Read()
	if err != nil || len(v) != 0 {
		t.Fatalf("no key: values %+v, err %v; want none and no error", v, err)
	}
	k := create(t, p)
	if err := k.SetStringValue("listen", "0.0.0.0:9090"); err != nil {
		t.Fatal(err)
	}
	if err := k.SetDWordValue("workers", 12); err != nil {
		t.Fatal(err)
	}
	if err := k.SetStringValue("other", "not declared"); err != nil {
		t.Fatal(err)
	}
	v, err = p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != 2 || v["listen"].Text != "0.0.0.0:9090" || v["workers"].Text != "12" || v["listen"].Err != nil || v["workers"].Err != nil {
		t.Errorf("values %+v", v)
	}
	// A value of a type the ADMX element never writes is refused, by name.
	if err := k.SetDWordValue("listen", 9090); err != nil {
		t.Fatal(err)
	}
	v, err = p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if v["listen"].Err == nil {
		t.Errorf("listen as REG_DWORD: %+v, want refused", v["listen"])
	}
}

// wait bounds a failure; it is no timing assertion.
const wait = 30 * time.Second

// waitOnce returns when RegNotifyChangeKeyValue signals a change made after
// the registration, on the product's key and, while that is missing, on
// Software\Policies' subtree; and when stopped.
func TestNotifySignals(t *testing.T) {
	p := testKey(t)
	stop, err := windows.CreateEvent(nil, 1, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(stop)
	round := func(what string, write func()) bool {
		t.Helper()
		ready := make(chan struct{}, 1)
		type result struct {
			fired bool
			err   error
		}
		res := make(chan result, 1)
		go func() {
			fired, err := waitOnce(p.Key, stop, func() { ready <- struct{}{} })
			res <- result{fired, err}
		}()
		<-ready // registered, and the values read: what follows must signal
		write()
		select {
		case r := <-res:
			if r.err != nil {
				t.Fatalf("%s: %v", what, r.err)
			}
			return r.fired
		case <-time.After(wait):
			t.Fatalf("%s: RegNotifyChangeKeyValue did not signal within %s", what, wait)
		}
		return false
	}
	var k registry.Key
	if !round("the key created", func() { k = create(t, p) }) {
		t.Error("creating the key: waitOnce reported a stop")
	}
	if !round("a REG_DWORD written", func() {
		if err := k.SetDWordValue("workers", 3); err != nil {
			t.Fatal(err)
		}
	}) {
		t.Error("a value written: waitOnce reported a stop")
	}
	if !round("a value deleted", func() {
		if err := k.DeleteValue("workers"); err != nil {
			t.Fatal(err)
		}
	}) {
		t.Error("a value deleted: waitOnce reported a stop")
	}
	if round("stopped", func() { _ = windows.SetEvent(stop) }) {
		t.Error("stop: waitOnce reported a change")
	}
}

// Watch hands a Live setting's change to the program, whether the key
// existed when watching began or Group Policy creates it later, and a removed
// value too; it returns when its context ends.
func TestWatchSeesChanges(t *testing.T) {
	p := testKey(t)
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan Change, 10)
	done := make(chan error, 1)
	go func() { done <- p.Watch(ctx, nil, func(c Change) { changes <- c }) }()
	change := func(value string, removed bool) {
		t.Helper()
		select {
		case c := <-changes:
			if c.Setting.Name != "workers" || c.New.Text != value || c.Removed != removed {
				t.Fatalf("change %+v, want workers=%q removed %v", c, value, removed)
			}
		case err := <-done:
			t.Fatalf("Watch returned %v", err)
		case <-time.After(wait):
			t.Fatalf("no change workers=%q (removed %v) within %s", value, removed, wait)
		}
	}
	k := create(t, p)
	if err := k.SetDWordValue("workers", 3); err != nil {
		t.Fatal(err)
	}
	change("3", false)
	if err := k.SetDWordValue("workers", 5); err != nil {
		t.Fatal(err)
	}
	change("5", false)
	if err := k.DeleteValue("workers"); err != nil {
		t.Fatal(err)
	}
	change("", true)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Watch after cancel: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Watch did not return after cancel")
	}
}

// A REG_SZ far over the limit is refused from the size the registry reports
// (RegQueryValueEx with no buffer) without its text being read.
func TestReadRefusesHugeTextUnread(t *testing.T) {
	p := testKey(t)
	k := create(t, p)
	if err := k.SetStringValue("listen", strings.Repeat("x", 1<<20)); err != nil {
		t.Fatal(err)
	}
	raw, err := readKey(p.Key, []string{"listen"})
	if err != nil {
		t.Fatal(err)
	}
	if r := raw["listen"]; r.Size != 2<<20+2 || r.Text != "" {
		t.Errorf("raw listen: size %d, %d bytes of text read; want size %d and nothing read", r.Size, len(r.Text), 2<<20+2)
	}
	v, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if e := v["listen"].Err; e == nil || !strings.Contains(e.Error(), "bytes in the registry") {
		t.Errorf("listen of 1 MiB characters: %+v, want refused by its size", v["listen"])
	}
}
