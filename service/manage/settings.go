package manage

import (
	"fmt"

	"github.com/svcpack/svcpack/service/exitcode"
)

// validateSettings runs before anything changes, so a bad --set leaves the
// machine as it was.
func validateSettings(s Spec, kv map[string]string) error {
	if s.Settings == nil {
		return nil // run refused --set already
	}
	if err := s.Settings.Validate(kv); err != nil {
		return withCode(exitcode.Config, fmt.Errorf("settings: %w", err))
	}
	return nil
}

// applySettings runs after the SCM configuration succeeded. It is called even
// with no --set so the program can write its defaults on install.
func applySettings(s Spec, kv map[string]string) error {
	if s.Settings == nil {
		return nil
	}
	if err := s.Settings.Apply(kv); err != nil {
		return withCode(exitcode.Config, fmt.Errorf("apply settings: %w", err))
	}
	return nil
}
