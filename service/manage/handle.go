package manage

// Access each command asks for: the least its calls need.
const (
	// configure: ChangeServiceConfig/ChangeServiceConfig2 need CHANGE_CONFIG;
	// failure actions that restart the service also need START (the SCM checks
	// the caller could start it); QUERY_CONFIG reads the account for the data-dir ACL.
	configureAccess = serviceChangeConfig | serviceQueryConfig | serviceStart
	// install: what configure needs on the created handle, plus DELETE to roll
	// the creation back when configuring the new service fails.
	installAccess = configureAccess | accessDelete
	statusAccess  = serviceQueryStatus | serviceQueryConfig
	startAccess   = serviceStart | serviceQueryStatus
	stopAccess    = serviceStop | serviceQueryStatus
	// uninstall: QUERY_CONFIG to see whose service it is before deleting it.
	uninstallAccess = serviceStop | serviceQueryStatus | serviceQueryConfig | accessDelete
)

// withService opens the manager (connect only) and the named service with
// access, runs fn, and closes both handles on every path.
func withService(e env, name string, access uint32, fn func(s scHandle) error) error {
	m, err := e.scm.OpenManager(scManagerConnect)
	if err != nil {
		return scmError("open service control manager", "", err, true)
	}
	defer closeHandle(e, m)
	s, err := e.scm.OpenService(m, name, access)
	if err != nil {
		return scmError("open service", name, err, true)
	}
	defer closeHandle(e, s)
	return fn(s)
}

// closeHandle closes h. CloseServiceHandle fails only for a handle that is
// not valid; there is nothing to recover then, and the command's own result
// matters more, so the error is dropped.
func closeHandle(e env, h scHandle) { _ = e.scm.Close(h) }
