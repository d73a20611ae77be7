package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/service/exitcode"
)

// spawnResult mirrors the stopwatch's line for one program run.
type spawnResult struct {
	Exit int    `json:"exit"`
	US   int64  `json:"us"`
	WS   uint64 `json:"working_set"`
}

// profile takes the product's start and working set apart with programs that
// stop at different points, run from inside Wine, and notes what each step
// costs. It explains the ratios; it is not a figure with a target.
func (b *run) profile(ctx context.Context, s *services, sample Sample) error {
	spawn := func(wantExit int, args ...string) (Summary, error) {
		rs, err := timer[spawnResult](ctx, s, append([]string{"spawn", "-n", fmt.Sprint(b.opts.Runs)}, args...)...)
		if err != nil {
			return Summary{}, err
		}
		var xs []float64
		for _, r := range rs {
			if r.Exit != wantExit {
				return Summary{}, fmt.Errorf("%v exited with %d, want %d", args, r.Exit, wantExit)
			}
			xs = append(xs, float64(r.US)/1000)
		}
		return Summarize(xs), nil
	}
	weigh := func(args ...string) (Summary, error) {
		var xs []float64
		for range 3 {
			rs, err := timer[spawnResult](ctx, s, append([]string{"weigh", "-idle", idleTime}, args...)...)
			if err != nil {
				return Summary{}, err
			}
			xs = append(xs, float64(rs[0].WS)/(1<<20))
		}
		return Summarize(xs), nil
	}
	floor, err := spawn(0, s.probe)
	if err != nil {
		return err
	}
	known, err := spawn(0, s.probe, "knownfolder")
	if err != nil {
		return err
	}
	version, err := spawn(0, append([]string{s.prodExe}, sample.VersionArgs...)...)
	if err != nil {
		return err
	}
	// From a console, `service run` waits 200 ms for the dispatcher, then asks
	// the SCM whether it is starting this process (service.launchedBySCM) and
	// exits with code 8 when not.
	asked, err := spawn(exitcode.NotService, s.prodExe, "service", "run")
	if err != nil {
		return err
	}
	exe := filepath.Base(s.exes.product)
	b.note("Start, taken apart (programs run to exit from inside Wine, medians of %d): a Go program that does nothing %.1f ms; "+
		"the same plus SHGetKnownFolderPath(ProgramData), which service.DataDir called before it read ProfileList, %.1f ms (+%.1f ms); "+
		"%s %s (its image, package inits, and service.DataDir for the -config default) %.1f ms; "+
		"%s service run from a console, which waits 200 ms for a dispatcher and then asks the SCM about itself, %.1f ms (+%.1f ms).",
		floor.N, floor.Median, known.Median, known.Median-floor.Median,
		exe, strings.Join(sample.VersionArgs, " "), version.Median,
		exe, asked.Median, asked.Median-version.Median)

	idle, err := weigh(s.probe, "sleep")
	if err != nil {
		return err
	}
	idleKnown, err := weigh(s.probe, "knownfolder", "sleep")
	if err != nil {
		return err
	}
	prod, err := fileSize(s.exes.product)
	if err != nil {
		return err
	}
	bare, err := fileSize(s.exes.bare)
	if err != nil {
		return err
	}
	b.note("Working set, taken apart (medians of 3): a Go process that sleeps %.1f MiB; after SHGetKnownFolderPath %.1f MiB (+%.1f MiB). "+
		"Exe sizes: %s %.2f MB, bare.exe %.2f MB.",
		idle.Median, idleKnown.Median, idleKnown.Median-idle.Median, exe, float64(prod)/1e6, float64(bare)/1e6)
	return nil
}
