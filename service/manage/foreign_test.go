package manage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/exitcode"
)

const self = `C:\Program Files\Hello Svc\hellosvc.exe`

func TestImageExe(t *testing.T) {
	tests := []struct {
		image string
		want  string // "" means: not this program
	}{
		{`"C:\Program Files\Hello Svc\hellosvc.exe" service run`, `C:\Program Files\Hello Svc\hellosvc.exe`},
		{`"C:\Program Files\Hello Svc\hellosvc.exe"`, `C:\Program Files\Hello Svc\hellosvc.exe`},
		// Wine's InstallServices writes it unquoted.
		{`C:\Program Files\Hello Svc\hellosvc.exe service run`, `C:\Program Files\Hello Svc\hellosvc.exe`},
		{`C:\Program Files\Hello Svc\hellosvc.exe`, `C:\Program Files\Hello Svc\hellosvc.exe`},
		{"C:\\Program Files\\Hello Svc\\hellosvc.exe\tservice run", `C:\Program Files\Hello Svc\hellosvc.exe`},
		// Case, separators, `.` and `..` do not matter; the spelling is kept.
		{`"c:\PROGRAM FILES\hello svc\HELLOSVC.EXE" service run`, `c:\PROGRAM FILES\hello svc\HELLOSVC.EXE`},
		{`"C:/Program Files//Hello Svc/./x/../hellosvc.exe" service run`, `C:/Program Files//Hello Svc/./x/../hellosvc.exe`},
		{`"\\?\C:\Program Files\Hello Svc\hellosvc.exe" service run`, `\\?\C:\Program Files\Hello Svc\hellosvc.exe`},
		// An earlier .exe in the path is not the executable when the longer prefix is this one.
		{`C:\Program Files\Hello Svc\hellosvc.exe service run C:\x.exe`, `C:\Program Files\Hello Svc\hellosvc.exe`},
		// Not this program.
		{`C:\Windows\System32\notepad.exe`, ""},
		{`"C:\Windows\System32\notepad.exe" C:\Program Files\Hello Svc\hellosvc.exe`, ""},
		{`C:\Program Files\Hello Svc\hellosvc.exe.bak service run`, ""},
		{`C:\Program Files\Hello Svc\hellosvc.exeX`, ""},
		{`"C:\Program Files\Hello Svc\hellosvc.exe"x service run`, ""},
		{`"C:\Program Files\Hello Svc\hellosvc.exe`, ""},
		{`D:\Program Files\Hello Svc\hellosvc.exe service run`, ""},
		{`hellosvc.exe service run`, ""},
		{`Program Files\Hello Svc\hellosvc.exe`, ""},
		{`%ProgramFiles%\Hello Svc\hellosvc.exe`, ""},
		{`C:\Program Files\Hello Svc\..\..\Program Files\Hello Svc\other\..\..\Hello Svc\hellosvc.exe`, `C:\Program Files\Hello Svc\..\..\Program Files\Hello Svc\other\..\..\Hello Svc\hellosvc.exe`},
		{``, ""},
	}
	for _, tt := range tests {
		got, ok := imageExe(tt.image, []string{self})
		if got != tt.want && (ok || tt.want != "") || ok != (tt.want != "") {
			t.Errorf("imageExe(%q) = %q, %v; want %q", tt.image, got, ok, tt.want)
		}
	}
	// The adopter's Spec.Exe counts too.
	if got, ok := imageExe(`"D:\svc\h.exe" service run`, []string{self, `D:\svc\h.exe`}); !ok || got != `D:\svc\h.exe` {
		t.Errorf("Spec.Exe not recognised: %q, %v", got, ok)
	}
	// A UNC path.
	if _, ok := imageExe(`\\server\share\h.exe run`, []string{`\\SERVER\share\x\..\h.exe`}); !ok {
		t.Error("UNC path not recognised")
	}
}

// foreign installs a service of the same name that runs another program.
func foreign(f *fake, state uint32) *fakeService {
	s := &fakeService{cfg: serviceConfig{Account: "LocalSystem", StartType: startDemand, BinaryPath: `C:\Windows\System32\notepad.exe`},
		c2: map[uint32]serviceConfig2{}, st: serviceStatus{State: state, PID: 77}}
	f.services["hellosvc"] = s
	f.eventSources["hellosvc"] = true
	return s
}

func assertForeignRefusal(t *testing.T, f *fake, s *fakeService, op string, err error) {
	t.Helper()
	if exitcode.Of(err) != exitcode.ForeignService {
		t.Fatalf("%s: %v (exit %d), want ForeignService (%d)", op, err, exitcode.Of(err), exitcode.ForeignService)
	}
	for _, want := range []string{
		op + `: service "hellosvc" is not this program's`,
		`its ImagePath is "C:\\Windows\\System32\\notepad.exe"`,
		"nothing was changed",
		"remove that service", "another service name",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q lacks %q", op, err, want)
		}
	}
	if m := f.mutated(); len(m) > 0 {
		t.Errorf("%s: a foreign service was changed: %v", op, m)
	}
	if f.services["hellosvc"] != s || s.cfg.BinaryPath != `C:\Windows\System32\notepad.exe` || !f.eventSources["hellosvc"] {
		t.Errorf("%s: the foreign service or its event source is gone or changed: %+v", op, s.cfg)
	}
}

// TestPreflight: no service, or ours (quoted or as Wine writes it): success
// without a change; a foreign one: ForeignService, nothing changed.
func TestPreflight(t *testing.T) {
	f := newFake()
	var out bytes.Buffer
	if err := run(f.env(&out), testSpec, []string{"preflight"}); err != nil || !strings.Contains(out.String(), `no service "hellosvc" exists`) {
		t.Fatalf("no service: %v, %q", err, out.String())
	}
	for _, image := range []string{`"` + self + `" service run`, self + ` service run`} {
		f := newFake()
		installed(f).cfg.BinaryPath = image
		out.Reset()
		if err := run(f.env(&out), testSpec, []string{"preflight"}); err != nil || !strings.Contains(out.String(), "exists and runs this program") {
			t.Fatalf("%s: %v, %q", image, err, out.String())
		}
		if m := f.mutated(); len(m) > 0 || len(f.live) != 0 {
			t.Fatalf("preflight changed %v or left handles %v", m, f.live)
		}
	}
	f = newFake()
	s := foreign(f, stateRunning)
	err := run(f.env(&out), testSpec, []string{"preflight"})
	assertForeignRefusal(t, f, s, "preflight", err)
}

// TestUninstallRefusesForeignService: uninstall never stops or deletes a
// service this program did not create (issue 9, finding 3).
func TestUninstallRefusesForeignService(t *testing.T) {
	f := newFake()
	s := foreign(f, stateRunning)
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"uninstall"})
	assertForeignRefusal(t, f, s, "uninstall", err)
	if s.st.State != stateRunning {
		t.Errorf("the foreign service was stopped: %s", stateName(s.st.State))
	}
}

// TestConfigureRefusesForeignService: neither the CLI nor the installer
// mode changes another program's service (finding 3: it kept LocalSystem
// and got our data directory ACL and event source).
func TestConfigureRefusesForeignService(t *testing.T) {
	for _, args := range [][]string{
		{"configure"},
		{"configure", "--start", "auto", "--exe", self},
		{"configure", "--installer-key", testKey},
	} {
		f := newFake()
		s := foreign(f, stateStopped)
		f.registry[testKey] = &installerKeyValues{StartType: ptr(sz("StartType", "auto")), Given: []regValue{sz("listen", ":9090")}}
		rs := &recordingSettings{}
		spec := testSpec
		spec.Settings = rs
		err := run(f.env(&bytes.Buffer{}), spec, args)
		assertForeignRefusal(t, f, s, "configure", err)
		if len(rs.applied)+len(rs.seeded) > 0 || len(f.registry[testKey].Given) != 1 {
			t.Errorf("%q: settings applied %v seeded %v, Given %v", args, rs.applied, rs.seeded, f.registry[testKey].Given)
		}
	}
}

// TestConfigureFromAnotherCopy: configure run from a copy of the program
// that the service does not run no longer re-points the ImagePath to that
// copy (finding 5); it refuses and says to run it from the registered copy.
func TestConfigureFromAnotherCopy(t *testing.T) {
	f := newFake()
	s := installed(f)
	s.cfg.BinaryPath = `"` + self + `" service run`
	f.exe = `D:\Downloads\hellosvc.exe`
	err := run(f.env(&bytes.Buffer{}), testSpec, []string{"configure"})
	if exitcode.Of(err) != exitcode.ForeignService || !strings.Contains(err.Error(), "run this command from that copy") {
		t.Fatalf("%v (exit %d)", err, exitcode.Of(err))
	}
	if s.cfg.BinaryPath != `"`+self+`" service run` || len(f.mutated()) > 0 {
		t.Fatalf("ImagePath re-pointed to %q; changed %v", s.cfg.BinaryPath, f.mutated())
	}
}

// TestConfigureKeepsTheRegisteredExe: the ImagePath keeps the executable as
// registered, re-quoted with the Spec's arguments, and the output says so;
// --exe re-points it and says that.
func TestConfigureKeepsTheRegisteredExe(t *testing.T) {
	tests := []struct {
		registered string
		args       []string
		want       string
		says       string
	}{
		{`C:\Program Files\Hello Svc\hellosvc.exe service run`, nil, `"C:\Program Files\Hello Svc\hellosvc.exe" service run`, "ImagePath kept, re-quoted: "},
		{`"c:\program files\hello svc\HELLOSVC.exe" run --old`, nil, `"c:\program files\hello svc\HELLOSVC.exe" service run`, "ImagePath kept, re-quoted: "},
		{`"C:\Program Files\Hello Svc\hellosvc.exe" service run`, nil, `"C:\Program Files\Hello Svc\hellosvc.exe" service run`, "ImagePath kept: "},
		{`"C:\Program Files\Hello Svc\hellosvc.exe" service run`, []string{"--exe", `E:\new\hellosvc.exe`}, `"E:\new\hellosvc.exe" service run`, "ImagePath set to "},
	}
	for _, tt := range tests {
		f := newFake()
		s := installed(f)
		s.cfg.BinaryPath = tt.registered
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, append([]string{"configure"}, tt.args...)); err != nil {
			t.Fatalf("%s: %v", tt.registered, err)
		}
		if s.cfg.BinaryPath != tt.want {
			t.Errorf("%s %q: ImagePath %q, want %q", tt.registered, tt.args, s.cfg.BinaryPath, tt.want)
		}
		if !strings.Contains(out.String(), `service "hellosvc": `+tt.says) {
			t.Errorf("%s: output does not say %q:\n%s", tt.registered, tt.says, out.String())
		}
	}
}

// TestConfigureKeepsTheStartType: without --start the start type and the
// delayed flag stay as they are (finding 9: it reset them to auto).
func TestConfigureKeepsTheStartType(t *testing.T) {
	for _, tc := range []struct {
		start   uint32
		delayed bool
		shown   string
	}{{startDemand, false, "manual"}, {startDisabled, false, "disabled"}, {startAuto, true, "auto"}} {
		f := newFake()
		s := installed(f)
		s.cfg.StartType = tc.start
		s.c2[levelDelayedAutoStart] = serviceConfig2{DelayedAutoStart: tc.delayed}
		var out bytes.Buffer
		if err := run(f.env(&out), testSpec, []string{"configure", "--restart-delays", "1s"}); err != nil {
			t.Fatal(err)
		}
		if s.cfg.StartType != tc.start || s.c2[levelDelayedAutoStart].DelayedAutoStart != tc.delayed {
			t.Errorf("%s: start type %d delayed %v after configure without --start", tc.shown, s.cfg.StartType, s.c2[levelDelayedAutoStart].DelayedAutoStart)
		}
		if !strings.Contains(out.String(), "start type kept ("+tc.shown+")") {
			t.Errorf("%s: output %q", tc.shown, out.String())
		}
		for _, c := range f.calls {
			if c.op == "ChangeConfig2" && c.level == levelDelayedAutoStart {
				t.Errorf("%s: the delayed flag was written", tc.shown)
			}
		}
	}
}
