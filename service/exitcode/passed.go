package exitcode

import "errors"

// Passed returns err carrying code, a program's own exit code rather than a
// number of this table: svcwrap ends its service with the code of the program
// it runs, so the SCM's recovery actions and monitoring see that program's
// code (as ServiceSpecificExitCode). Code 0 would read as success, so a
// failure that carries it is reported as Failure. nil stays nil.
func Passed(code uint32, err error) error {
	if err == nil {
		return nil
	}
	if code == OK {
		return Wrap(Failure, err)
	}
	// int(code) is negative above MaxInt32 on a 32-bit build; the SCM report
	// and the process exit status take it back as the same uint32.
	return &passedError{codedError{code: int(code), err: err}}
}

type passedError struct{ codedError }

func (e *passedError) passed() {}

// IsPassed reports whether err's exit code (the outermost in its chain) is a
// program's own, passed by Passed, so a log does not name it by this table.
func IsPassed(err error) bool {
	var c Coder
	if !errors.As(err, &c) {
		return false
	}
	_, ok := c.(interface{ passed() })
	return ok
}
