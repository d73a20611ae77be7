package smoke

import "testing"

// configuredForWine answers, under Wine only, a successful install or
// upgrade whose ConfigureService never ran (ConfigureSkipped says why Wine
// reports it as a success): the package is installed again with the same
// properties, a maintenance run that runs ConfigureService, which must then
// have run. The retry is logged with RetryMarker and counted. Windows fails
// an install whose custom action's program cannot start (error 1721), so
// there is nothing to answer there. It returns the run that configured the
// service and whether that is a retry.
func configuredForWine(t *testing.T, r run, p Package, props ...string) (run, bool) {
	t.Helper()
	if wineVersion == "" || !ConfigureSkipped(r.log, r.output, prod.Name) {
		return r, false
	}
	wineRetry(t, "%s: ConfigureService logged success but `service configure` printed nothing (Wine counts a custom action it could not start as a success); installing the package again", r.cmdline)
	again := msiexec(t, "/i", p.Path, props...)
	again.succeeded(t)
	if ConfigureSkipped(again.log, again.output, prod.Name) {
		t.Fatalf("%s: ConfigureService did not run twice in a row under Wine\n%s", again.cmdline, again.output)
	}
	return again, true
}
