package wine

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// RegKeyExists reports whether the registry key exists (e.g.
// `HKLM\SYSTEM\CurrentControlSet\Services\<name>`). Wine's SCM keeps a
// deleted service's key until the server restarts: see RestartServer.
func (p *Prefix) RegKeyExists(ctx context.Context, key string) (bool, error) {
	_, err := p.Run(ctx, "reg", "query", key)
	return regResult(err)
}

// RegValue returns the data of value name under key as `reg query` prints it
// (REG_DWORD as 0x…, REG_MULTI_SZ joined with \0). found is false when the key
// or value does not exist.
func (p *Prefix) RegValue(ctx context.Context, key, name string) (data string, found bool, err error) {
	out, err := p.Run(ctx, "reg", "query", key, "/v", name)
	if found, err := regResult(err); !found || err != nil {
		return "", found, err
	}
	data, ok := parseRegValue(out, name)
	if !ok {
		return "", false, fmt.Errorf("read registry value %s\\%s: unexpected reg output: %q", key, name, out)
	}
	return data, true, nil
}

// regResult turns reg's exit status into found/error. Wine's reg prints its
// errors on stdout and exits 1 for a missing key or value; any other failure
// (the loader not starting, say) is a real error.
func regResult(err error) (bool, error) {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return false, nil
	default:
		return false, err
	}
}

// parseRegValue finds name's data in `reg query /v` output, whose value
// lines are "    NAME    TYPE    DATA" separated by four spaces.
func parseRegValue(out, name string) (string, bool) {
	for _, line := range strings.Split(out, "\n") {
		fields := strings.SplitN(strings.TrimSpace(line), "    ", 3)
		if len(fields) >= 2 && strings.EqualFold(fields[0], name) {
			if len(fields) == 2 {
				return "", true // an empty REG_SZ prints no data column
			}
			return fields[2], true
		}
	}
	return "", false
}
