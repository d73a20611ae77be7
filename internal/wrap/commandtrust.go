package wrap

import "fmt"

// CheckWithCommands runs check (CheckFiles: the trust rule of trust.go) over
// the config's own files, then over each command's program (hooks, the stop
// command) the same way: a command runs as the service's account like the
// program, so whoever could replace it could act as that account. The rule
// itself is check's, not repeated here.
func CheckWithCommands(exe string, c Config, check func(exe string, c Config) error) error {
	if err := check(exe, c); err != nil {
		return err
	}
	cmds := c.Commands()
	for _, key := range sortedKeys(cmds) {
		if err := check(exe, Config{Program: cmds[key].Program}); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	return nil
}
