//go:build unix

package dist

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own and, when its
// context ends, kills the whole group: cmd's children too, not cmd alone.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
