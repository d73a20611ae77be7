package wrap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Environ is the program's environment: base (the wrapper's own, KEY=VALUE),
// then each file's KEY=VALUE lines, then unset, then set (its values
// expanded, envexpand.go), then the settings' variables. Names compare without case, as Windows does; readFile is
// os.ReadFile outside tests.
func Environ(base []string, e EnvConfig, readFile func(string) ([]byte, error)) ([]string, error) {
	vars := map[string]string{} // upper-case name → KEY=VALUE
	put := func(kv string) {
		name, _, _ := strings.Cut(kv, "=")
		vars[strings.ToUpper(name)] = kv
	}
	for _, kv := range base {
		// Windows keeps per-drive directories as "=C:=C:\dir": keep them.
		if strings.HasPrefix(kv, "=") {
			vars[kv] = kv
			continue
		}
		put(kv)
	}
	for _, path := range e.Files {
		b, err := readFile(path)
		if err != nil {
			return nil, fmt.Errorf("read env.files %s: %w", path, err)
		}
		lines, err := parseEnvFile(b)
		if err != nil {
			return nil, fmt.Errorf("env.files %s: %w", path, err)
		}
		for _, kv := range lines {
			put(kv)
		}
	}
	for _, name := range e.Unset {
		delete(vars, strings.ToUpper(name))
	}
	// env.set values are expanded against the environment so far, all of
	// them before any is put (envexpand.go).
	lookup := func(name string) (string, bool) {
		kv, ok := vars[strings.ToUpper(name)]
		_, v, _ := strings.Cut(kv, "=")
		return v, ok
	}
	set := make([]string, 0, len(e.Set))
	var errs []string
	for _, name := range sortedKeys(e.Set) {
		v, err := expand(e.Set[name], lookup)
		if err != nil {
			errs = append(errs, fmt.Sprintf("env.set.%s: %v", name, err))
			continue
		}
		set = append(set, name+"="+v)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "; "))
	}
	for _, kv := range set {
		put(kv)
	}
	for name, v := range e.Settings {
		put(name + "=" + v)
	}
	out := make([]string, 0, len(vars))
	for _, kv := range vars {
		out = append(out, kv)
	}
	// CreateProcess wants the block sorted by name, without case.
	sort.Slice(out, func(i, j int) bool { return strings.ToUpper(out[i]) < strings.ToUpper(out[j]) })
	return out, nil
}

// parseEnvFile reads KEY=VALUE lines; blank lines and lines starting with #
// are skipped. The value is taken literally: no quotes, no expansion.
func parseEnvFile(b []byte) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !validEnvName(name) || strings.ContainsRune(value, 0) {
			return nil, fmt.Errorf("line %d: expected NAME=value", n)
		}
		out = append(out, name+"="+value)
	}
	return out, sc.Err()
}
