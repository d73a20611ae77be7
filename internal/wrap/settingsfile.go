package wrap

import (
	"github.com/svcpack/svcpack/service/settings"
)

// SettingsFile is the program's settings as service/settings keeps them in
// config.json at path (%ProgramData%\<name>\config.json): the runtime's
// manage.Settings, so `service install|configure --set` and an MSI's values
// (configure --installer-key) reach it, and the source of the program's
// setting variables at each start (SettingsEnv).
func (c Config) SettingsFile(path string) *settings.File {
	p := settings.Product{Name: c.Name}
	for _, s := range c.Settings {
		p.Settings = append(p.Settings, settings.Setting{Name: s.Name, Pattern: s.Pattern, Default: s.Default, HasDefault: s.HasDefault})
	}
	return settings.New(p).WithPath(path)
}

// SettingsEnv is each setting's variable with its value: config.json's,
// else the default; a setting with neither is left out. A bad config.json
// is an error naming the file and every problem, and nothing is passed
// then.
func (c Config) SettingsEnv(f *settings.File) (map[string]string, error) {
	v, err := f.Read()
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, s := range c.Settings {
		if val, ok := v.Lookup(s.Name); ok {
			env[s.Env] = val
		}
	}
	return env, nil
}
