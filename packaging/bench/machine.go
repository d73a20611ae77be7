package bench

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
)

// detectMachine describes the host: the numbers mean nothing without it.
func detectMachine(ctx context.Context) Machine {
	m := Machine{CPU: "unknown CPU", Cores: runtime.NumCPU(), OS: runtime.GOOS, Go: runtime.Version(), Wine: "Wine unknown"}
	if v := field("/proc/cpuinfo", "model name", ":"); v != "" {
		m.CPU = v
	}
	if v := field("/etc/os-release", "PRETTY_NAME", "="); v != "" {
		m.OS = strings.Trim(v, `"`)
	}
	if out, err := childenv.Command(ctx, "uname", "-r").Output(); err == nil {
		m.OS += ", Linux " + strings.TrimSpace(string(out))
	}
	if out, err := childenv.Command(ctx, "go", "env", "GOVERSION").Output(); err == nil {
		m.Go = strings.TrimSpace(string(out))
	}
	if out, err := childenv.Command(ctx, "wine", "--version").Output(); err == nil {
		m.Wine = strings.TrimSpace(string(out))
	}
	return m
}

// field is the value of the first "key<sep>value" line of a file.
func field(path, key, sep string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), sep)
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// loadAverage is the 1-minute load average, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
