package wrap

import (
	"strings"
	"testing"
)

const healthSettingConfig = `program: C:\p\server.exe
health: {http: "http://127.0.0.1:8091/ready?x=1", address_setting: listen}
settings:
  listen: {env: SERVER_LISTEN, pattern: '[0-9.]*:[0-9]+', default: "127.0.0.1:8091"}
`

// TestHealthFollowsTheSetting: health.address_setting puts the setting's
// value of this start in the check's host and port, a wildcard host on the
// loopback address, for http and tcp.
func TestHealthFollowsTheSetting(t *testing.T) {
	for _, c := range []struct{ value, http, tcp string }{
		{"127.0.0.1:9000", "http://127.0.0.1:9000/ready?x=1", "127.0.0.1:9000"},
		{":9001", "http://127.0.0.1:9001/ready?x=1", "127.0.0.1:9001"},
		{"0.0.0.0:9002", "http://127.0.0.1:9002/ready?x=1", "127.0.0.1:9002"},
		{"10.1.2.3:9003", "http://10.1.2.3:9003/ready?x=1", "10.1.2.3:9003"},
		{"[::]:9004", "http://[::1]:9004/ready?x=1", "[::1]:9004"},
		{"[0::0]:9005", "http://[::1]:9005/ready?x=1", "[::1]:9005"},
		{"[::ffff:0.0.0.0]:9006", "http://127.0.0.1:9006/ready?x=1", "127.0.0.1:9006"},
		// A port alone (a program taking PORT=8080) is dialled on loopback;
		// a URL gives its host and port.
		{"9007", "http://127.0.0.1:9007/ready?x=1", "127.0.0.1:9007"},
		{"http://0.0.0.0:9008/", "http://127.0.0.1:9008/ready?x=1", "127.0.0.1:9008"},
	} {
		for _, src := range []string{healthSettingConfig, strings.Replace(healthSettingConfig, `http: "http://127.0.0.1:8091/ready?x=1"`, `tcp: "127.0.0.1:8091"`, 1)} {
			cfg, err := Parse([]byte(src), `C:\p`, "svc")
			if err != nil {
				t.Fatal(err)
			}
			if err := cfg.ResolveHealth(map[string]string{"SERVER_LISTEN": c.value}); err != nil {
				t.Fatalf("%s: %v", c.value, err)
			}
			if want := map[bool]string{true: c.http, false: ""}[cfg.Health.HTTP != ""]; cfg.Health.HTTP != want {
				t.Errorf("listen %s: health GETs %q, want %q", c.value, cfg.Health.HTTP, want)
			}
			if want := map[bool]string{true: c.tcp, false: ""}[cfg.Health.TCP != ""]; cfg.Health.TCP != want {
				t.Errorf("listen %s: health dials %q, want %q", c.value, cfg.Health.TCP, want)
			}
			if cfg.Health.HTTP == "" && cfg.Health.TCP == "" {
				t.Errorf("listen %s: no health check left", c.value)
			}
		}
	}
}

func TestHealthSettingRefused(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"address_setting: listen", "address_setting: port", "health.address_setting"},
		{`http: "http://127.0.0.1:8091/ready?x=1", `, "", "with health.http or health.tcp beside it"},
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
	for _, v := range []string{"nowhere", "127.0.0.1:http", ":99999", ":0", "127.0.0.1:080", "127.0.0.1:", "127.0.0.1:-1"} {
		if err := cfg.ResolveHealth(map[string]string{"SERVER_LISTEN": v}); err == nil || !strings.Contains(err.Error(), `setting "listen": "`+v+`" is not a port (8080), HOST:PORT`) {
			t.Errorf("malformed value %q: %v", v, err)
		}
	}
}
