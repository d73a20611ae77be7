package wrap

import (
	"strings"
	"testing"
)

const healthSettingConfig = `program: C:\p\server.exe
health: {tcp_setting: listen}
settings:
  listen: {env: SERVER_LISTEN, pattern: '[0-9.]*:[0-9]+', default: "127.0.0.1:8091"}
`

// TestHealthFollowsTheSetting: health.tcp_setting dials the setting's value
// of this start, a wildcard host on the loopback address.
func TestHealthFollowsTheSetting(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"127.0.0.1:9000", "127.0.0.1:9000"},
		{":9001", "127.0.0.1:9001"},
		{"0.0.0.0:9002", "127.0.0.1:9002"},
		{"10.1.2.3:9003", "10.1.2.3:9003"},
	} {
		cfg, err := Parse([]byte(healthSettingConfig), `C:\p`, "svc")
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.ResolveHealth(map[string]string{"SERVER_LISTEN": c.value}); err != nil {
			t.Fatalf("%s: %v", c.value, err)
		}
		if cfg.Health.TCP != c.want {
			t.Errorf("listen %s: health dials %q, want %q", c.value, cfg.Health.TCP, c.want)
		}
	}
}

func TestHealthSettingRefused(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"{tcp_setting: listen}", "{tcp_setting: port}", "health.tcp_setting"},
		{"{tcp_setting: listen}", `{tcp_setting: listen, tcp: "127.0.0.1:1"}`, "one of health.http, health.tcp or health.tcp_setting"},
	} {
		_, err := Parse([]byte(strings.Replace(healthSettingConfig, c.old, c.new, 1)), `C:\p`, "svc")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %s", c.new, err, c.want)
		}
	}
	cfg, err := Parse([]byte(healthSettingConfig), `C:\p`, "svc")
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ResolveHealth(map[string]string{}); err == nil || !strings.Contains(err.Error(), `"listen" has no value`) {
		t.Errorf("no value: %v", err)
	}
	if err := cfg.ResolveHealth(map[string]string{"SERVER_LISTEN": "nowhere"}); err == nil || !strings.Contains(err.Error(), "not HOST:PORT") {
		t.Errorf("malformed value: %v", err)
	}
}
