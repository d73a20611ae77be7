package wrap

import (
	"fmt"
	"net"

	"github.com/svcpack/svcpack/service/clip"
)

// checkHealthSetting checks health.tcp_setting: one of the settings, and the
// only health check.
func checkHealthSetting(c Config, bad func(key, value, want string)) {
	name := c.Health.TCPSetting
	if name == "" {
		return
	}
	if c.Health.HTTP != "" || c.Health.TCP != "" {
		bad("health", "tcp_setting with http or tcp", "one of health.http, health.tcp or health.tcp_setting")
	}
	if _, ok := lookupSetting(c.Settings, name); !ok {
		bad("health.tcp_setting", name, "one of the settings ("+settingNames(c.Settings)+"): the one whose value is the HOST:PORT the program listens on")
	}
}

// ResolveHealth sets the health check's address from health.tcp_setting:
// the setting's value this start (env holds each setting's variable and
// value, Env.Settings), a wildcard or empty host dialled on the loopback
// address. An unset or malformed value fails the start with a message naming
// the setting.
func (c *Config) ResolveHealth(env map[string]string) error {
	name := c.Health.TCPSetting
	if name == "" {
		return nil
	}
	s, _ := lookupSetting(c.Settings, name)
	v, ok := env[s.Env]
	if !ok {
		return fmt.Errorf("health.tcp_setting: setting %q has no value (config.json has none and the config gives no default): "+
			"give it one (service configure --set %s=HOST:PORT)", name, name)
	}
	host, port, err := net.SplitHostPort(v)
	if err != nil || port == "" {
		return fmt.Errorf("health.tcp_setting: setting %q is %s, not HOST:PORT: a health check needs an address to connect to", name, clip.Quote(v))
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	c.Health.TCP = net.JoinHostPort(host, port)
	return nil
}
