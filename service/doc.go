// Package service makes a Go program a well-behaved Windows service with one
// call, and runs the same program in a console on any OS.
//
//	func main() {
//		err := service.Run(service.Config{
//			Name:              "mysvc",          // service key, event source, %ProgramData%\mysvc
//			Description:       "What it does.",
//			StopTimeout:       15 * time.Second, // bound on the drain; STOP_PENDING is reported meanwhile
//			AcceptPreShutdown: true,             // drain before the system's ~20 s shutdown budget starts
//		}, func(ctx context.Context, ready func()) error {
//			ln, err := net.Listen("tcp", addr) // load config, bind ...
//			if err != nil {
//				return err // before ready: the start fails (exit code 4)
//			}
//			ready()      // only now does the SCM see RUNNING
//			<-ctx.Done() // Stop, Shutdown, PreShutdown, Ctrl+C, SIGTERM
//			return srv.Shutdown(drainCtx)
//		})
//		os.Exit(service.ExitCode(err))
//	}
//
// Importing it pulls in no module but golang.org/x/sys.
//
// # Modes
//
// Run reads the command line; Mode reports the same decision to the program:
//
//	mysvc …                 ModeConsole, on any OS: logs to stderr; Ctrl+C or SIGTERM
//	                        starts the drain, a second one kills the process
//	mysvc service run       ModeService: what the installer writes into the ImagePath
//	                        ("C:\…\mysvc.exe" service run, see ServiceArgs). Started
//	                        from a console it exits at once with exit code 8 (it
//	                        may have created <name>.log in an existing logs folder:
//	                        the log is opened while the SCM is still connecting)
//	mysvc service COMMAND   ModeManage: the native CLI (install, configure, preflight,
//	                        start, stop, status, uninstall, remove-data; see package
//	                        manage), then Run returns without calling the program
//
// Service mode comes from the explicit argument, not from guessing: Wine and
// some containers and restricted tokens defeat the detection. A process the
// SCM started without the argument (a service another tool registered) is
// still recognised on Windows by its parent, services.exe.
//
// In service mode the runtime reports START_PENDING with rising checkpoints
// until the program calls ready (Config.StartTimeout), RUNNING after, and
// STOP_PENDING with rising checkpoints while it drains after Stop, Shutdown
// or PreShutdown (Config.StopTimeout).
//
// # Exit codes
//
// ExitCode maps Run's result to the process exit status, from the table in
// package exitcode (Config for a configuration error: ConfigError marks one;
// StartFailed for an error before ready; Panic; StopTimeout; …). In service
// mode the same number is the ServiceSpecificExitCode the SCM records, with
// Win32 exit code 1066 (ERROR_SERVICE_SPECIFIC_ERROR), so recovery actions
// with the "failure on non-crash" flag (set by `configure`) restart the
// service. A stop that was asked for (Stop, Shutdown, PreShutdown) is
// reported to the SCM as a clean stop even if the drain failed or timed out,
// so recovery does not restart a service an admin or an upgrade just
// stopped; the real code stays in the log, the event and the exit status.
//
// # Logs
//
// In service mode log/slog's default logger writes to the Application event
// log (source = Config.Name, registered by `service install|configure` with
// EventCreate.exe as message file) and to %ProgramData%\<name>\logs\<name>.log,
// rotated at 10 MiB keeping 5 files (Config.Log: MaxBytes, MaxFiles; Every
// for hourly or daily rotation, MaxAge to drop rotated files by age, Compress
// to gzip them in the background). A rotated file is named
// <name>.<UTC yyyyMMdd-hhmmss>[-<n>].log (.log.gz once compressed) and never
// renamed again. Event IDs: 1, 2, 3 for Info, Warn and Error records; 100
// running, 101 stopped, 110 failure, 111 config error, 112 start failed, 113
// panic, 114 stop timeout, 115 `service install` or `configure` failed (the
// MSI's configure action: Windows Installer keeps none of its output, so the
// reason is here).
//
// Every output is bounded, so a huge value cannot flood a console or lose an
// event: a log record in the file or on the console is cut at 64 KiB, and a
// write to the file never outgrows the rotation limit; an event's text is cut
// at 31,000 characters, below ReportEvent's limit of 31,839 per string; a
// panic value is cut at 4 KiB so the event keeps the stack's first frames.
// Each cut ends in a marker stating the full size and how much is not shown;
// a value echoed in an error message shows its first 256 bytes and its length
// (package clip). When the event source is not registered (events are then
// written, but Event Viewer prefixes them with "The description for Event ID
// … cannot be found"), the first records in the file and the event log say so
// and to run `<name> service configure` as administrator. After a stop
// timeout the program may still run and log: those records still reach the
// file and the event log, never a closed handle.
//
// # Settings and installing
//
// Config.Install holds the defaults of `<program> service install|configure`
// (start type, account, recovery, the program's settings); package manage
// documents the commands and the precedence of the installer's values.
// Package settings gives a program its settings from svcpack.yaml's
// declarations: the config file in DataDir, install-time and remembered
// values, Group Policy and defaults.
package service
