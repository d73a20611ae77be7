package manage

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/exitcode"
)

// validateSettings runs before anything changes, so a bad --set leaves the
// machine as it was. from says where the values came from, for the message.
func validateSettings(s Spec, from string, kv map[string]string) error {
	if s.Settings == nil {
		if len(kv) > 0 {
			return exitcode.Wrap(exitcode.Config, fmt.Errorf("%s: this program takes no settings, but %s were given", from, sortedKeys(kv)))
		}
		return nil
	}
	if err := s.Settings.Validate(kv); err != nil {
		return settingsError(from, err)
	}
	return nil
}

// maxErrorText bounds a program's own message about settings: Validate may
// echo a hostile value whole, and this text reaches the console, the MSI log
// and events.
const maxErrorText = 4096

// settingsError is err after prefix, with the exit code it carries (Config
// if none); a message longer than maxErrorText is cut, its length stated.
func settingsError(prefix string, err error) error {
	msg := err.Error()
	if len(msg) <= maxErrorText {
		return withCode(exitcode.Config, fmt.Errorf("%s: %w", prefix, err))
	}
	code := exitcode.Config
	var c exitcode.Coder
	if errors.As(err, &c) {
		code = c.ExitCode()
	}
	return exitcode.Wrap(code, errors.New(prefix+": "+clip.Prefix(msg, maxErrorText)+"… (message cut: "+strconv.Itoa(len(msg))+" bytes)"))
}

// applySettings runs after the SCM configuration succeeded. It is called even
// with no --set so the program can write its defaults on install.
func applySettings(s Spec, kv map[string]string) error {
	if s.Settings == nil {
		return nil
	}
	if err := s.Settings.Apply(kv); err != nil {
		return settingsError("apply settings", err)
	}
	return nil
}

// seedSettings creates the program's config from remembered values when
// there is none (installer mode; an existing config is left alone).
func seedSettings(s Spec, kv map[string]string) error {
	if s.Settings == nil {
		return nil
	}
	if err := s.Settings.Seed(kv); err != nil {
		return settingsError("create settings from remembered values", err)
	}
	return nil
}
