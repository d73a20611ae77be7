//go:build !windows

package wrap

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// unixProcess lets the wrapper run in console mode where it is developed: the
// program leads a process group of its own, which stands in for the job
// object (SIGINT for Ctrl+Break, SIGKILL to the group for the end of the tree).
// A descendant that leaves the group escapes it: the guarantees docs/wrapper.md
// gives are the Windows ones.
type unixProcess struct {
	cmd    *exec.Cmd
	done   chan struct{}
	code   uint32
	copies sync.WaitGroup
}

// StartProcess starts c.Program in a new process group.
func StartProcess(c Config, out *LineSink) (Process, error) {
	return startTagged(c, Command{Program: c.Program, Args: c.Args}, out, "")
}

// StartCommand starts cmd like the program, its streams tagged with tag.
func StartCommand(c Config, cmd Command, out *LineSink, tag string) (Process, error) {
	return startTagged(c, cmd, out, tag+".")
}

func startTagged(c Config, run Command, out *LineSink, prefix string) (Process, error) {
	env, err := Environ(os.Environ(), c.Env, ReadEnvFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(run.Program, run.Args...)
	cmd.Dir, cmd.Env = c.Dir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &unixProcess{cmd: cmd, done: make(chan struct{})}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("pipe for stdout: %w", err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("pipe for stderr: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", run.Program, err)
	}
	for name, r := range map[string]io.Reader{prefix + "stdout": stdout, prefix + "stderr": stderr} {
		p.copies.Add(1)
		go func() { defer p.copies.Done(); _, _ = out.Copy(name, r) }()
	}
	go func() {
		p.copies.Wait() // exec wants the pipes read to the end before Wait
		_ = cmd.Wait()
		p.code = uint32(cmd.ProcessState.ExitCode())
		close(p.done)
	}()
	return p, nil
}

func (p *unixProcess) Pid() int              { return p.cmd.Process.Pid }
func (p *unixProcess) Done() <-chan struct{} { return p.done }
func (p *unixProcess) ExitCode() uint32      { <-p.done; return p.code }

// Signal sends SIGINT to the group for Ctrl+Break and Ctrl+C; there are no
// windows to close here.
func (p *unixProcess) Signal(m StopMethod) error {
	if m == StopCloseWindows {
		return errors.New("WM_CLOSE: no windows outside Windows")
	}
	return syscall.Kill(-p.Pid(), syscall.SIGINT)
}

func (p *unixProcess) Kill() error {
	if err := syscall.Kill(-p.Pid(), syscall.SIGKILL); err != nil && err != syscall.ESRCH {
		return fmt.Errorf("kill process group %d: %w", p.Pid(), err)
	}
	return nil
}
func (p *unixProcess) Close() error { return p.Kill() }

// holdProcess cannot hold a program stopped before its first instruction
// here: it defers the whole start to Resume.
func holdProcess(c Config, out *LineSink) (heldProcess, error) {
	return deferredStart{c, out}, nil
}

type deferredStart struct {
	c   Config
	out *LineSink
}

func (d deferredStart) Resume() (Process, error) { return StartProcess(d.c, d.out) }
func (deferredStart) Release()                   {}

// StartConsole has nothing to make outside Windows.
func StartConsole() {}
