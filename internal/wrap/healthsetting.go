package wrap

import (
	"fmt"
	"net/url"

	"github.com/svcpack/svcpack/internal/listenaddr"
	"github.com/svcpack/svcpack/service/clip"
)

// checkHealthSetting checks health.address_setting: one of the settings,
// with a check (http or tcp) whose address it replaces.
func checkHealthSetting(c Config, bad func(key, value, want string)) {
	name := c.Health.AddressSetting
	if name == "" {
		return
	}
	if c.Health.HTTP == "" && c.Health.TCP == "" {
		bad("health.address_setting", name, "a setting with health.http or health.tcp beside it: it replaces their host and port")
	}
	if _, ok := lookupSetting(c.Settings, name); !ok {
		bad("health.address_setting", name, "one of the settings ("+settingNames(c.Settings)+"): the one whose value says where the program listens ("+listenaddr.Forms+")")
	}
}

// ResolveHealth puts the value of health.address_setting this start (env
// holds each setting's variable and value, Env.Settings) in place of the
// host and port of the health check: a port alone, HOST:PORT or a URL
// (listenaddr.Dial), a port alone or a wildcard or empty host dialled on the
// loopback address. An unset or malformed value fails the start with a
// message naming the setting.
func (c *Config) ResolveHealth(env map[string]string) error {
	name := c.Health.AddressSetting
	if name == "" {
		return nil
	}
	s, _ := lookupSetting(c.Settings, name)
	v, ok := env[s.Env]
	if !ok {
		return fmt.Errorf("health.address_setting: setting %q has no value (config.json has none and the config gives no default): "+
			"give it one (service configure --set %s=PORT or HOST:PORT)", name, name)
	}
	addr, err := listenaddr.Dial(v)
	if err != nil {
		return fmt.Errorf("health.address_setting: setting %q: %w: the health check needs an address to connect to", name, err)
	}
	if c.Health.TCP != "" {
		c.Health.TCP = addr
	}
	if c.Health.HTTP != "" {
		u, err := url.Parse(c.Health.HTTP)
		if err != nil {
			return fmt.Errorf("health.http %s: %w", clip.Quote(c.Health.HTTP), err)
		}
		u.Host = addr
		c.Health.HTTP = u.String()
	}
	return nil
}
