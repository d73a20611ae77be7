// Package manage installs, configures and controls a Windows service through
// the Service Control Manager API: the native CLI behind `<program> service …`,
// which service.Run runs (Main here) with the program's Spec. Each command:
//
//	service install [--start auto|delayed-auto|manual|disabled] [--account NAME] [--depends a,b] [--exe PATH] [--set k=v]…
//	    creates the service (quoted ImagePath, the virtual account NT SERVICE\<name>
//	    by default), then converges it as configure does: the event source and
//	    %ProgramData%\<name> with its ACL
//	service configure [--start …] [--restart-delays 5s,30s,60s|none] [--reset-period 24h]
//	        [--failure-on-non-crash=true|false] [--preshutdown-timeout D] [--exe PATH] [--set k=v]…
//	    idempotent: keeps the executable the ImagePath names (re-quoted, with the
//	    service arguments; --exe re-points it), the start type and delayed flag
//	    unless --start is given, and every setting not given; sets description,
//	    recovery, the non-crash flag, SID type and preshutdown timeout to the flags
//	    or the Spec; validates --set values before changing anything; prints what
//	    it kept and what it set
//	service configure --installer-key SOFTWARE\Company\Product [--restart-delays …] …
//	    what the MSI runs after InstallServices: the start type, the recovery and
//	    the settings come from HKLM\<key> (StartType; Given\<setting> values,
//	    applied and then deleted; Remembered\<setting> values, used only to create
//	    a missing config), never from the command line. Every value must be REG_SZ
//	    text and pass the program's validation before anything changes (exit 3
//	    otherwise). Excludes --start, --set and --exe
//	service preflight
//	    succeeds if no service of the name exists or it runs this executable;
//	    changes nothing. The MSI runs it before InstallServices
//	service start|stop [--timeout D]
//	    waits for RUNNING or STOPPED; a failed start exits with the service's own
//	    exit code and points to the log file and the event log; stop waits out a
//	    pending state first (within the timeout) and reports a service whose
//	    process already died as such
//	service status
//	    state, PID, the service process's handle count, exit codes, start type,
//	    account, ImagePath, dependencies, recovery, and the program's settings
//	    with their sources (EffectiveSettings)
//	service uninstall [--timeout D]
//	    stops (waiting out a pending state), deletes the service and the event
//	    source; leaves %ProgramData%\<name> (config, logs) on purpose
//	service remove-data
//	    deletes %ProgramData%\<name>, removing links themselves, never their
//	    targets; refuses while the service runs (exit 11); nothing there is
//	    success. The MSI runs it on uninstall with REMOVEDATA=1
//
// A service is "this program's" when its ImagePath runs the executable the
// command runs from (or Options.Exe), compared as absolute paths,
// case-insensitively; an unquoted ImagePath (Wine writes one) counts if a
// prefix of it ending in .exe names that executable. preflight, configure and
// uninstall refuse any other service of the name (exit 10), naming it and its
// ImagePath: it is neither taken over nor deleted. Run the commands from the
// copy the service runs.
//
// Without administrator rights the commands that change something (all but
// status) fail with "… Access is denied. (run as administrator)" and exit
// code 7; nothing here tries to elevate.
//
// Settings: --set key=value reaches the program through Options.Settings
// (Validate, then Apply); the MSI's values reach the same interface through
// configure --installer-key (Validate the given and remembered values; then
// Seed with the remembered ones, Apply with the given ones). Precedence:
// given on this msiexec command line > the config as the admin left it >
// remembered > the program's default. Package service/settings implements
// Settings from svcpack.yaml's declarations.
//
// The default account, NT SERVICE\<name>, is a per-service identity with no
// password to manage, its own SID for ACLs (the data directory grants it
// modify), and none of LocalSystem's power; give --account (or
// Options.Account) for a gMSA or another account.
package manage
