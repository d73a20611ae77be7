package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/smoke"
	"github.com/svcpack/svcpack/packaging/internal/version"
	"github.com/svcpack/svcpack/packaging/internal/wine"
)

var (
	sizeTarget     = Limit{Max: 1.05}
	downtimeTarget = Limit{Max: 250, Unit: "ms"} // issue 22
)

const (
	figSize     = "MSI size / zip -9 of the same payload (amd64)"
	figDowntime = "upgrade downtime: /healthz unavailable during msiexec v1→v2 (ms)"
	// pollEvery is how often /healthz is asked during an upgrade.
	pollEvery = 10 * time.Millisecond
)

// msiFigures builds SlowRuns+1 versions of the amd64 MSI with the pipeline's
// own msi.Dist, compares the first one's size with zip -9 of what it
// installs, and measures the downtime of a chain of SlowRuns upgrades; with
// TraceUpgrade, one more version for a traced upgrade after them.
func (b *run) msiFigures(ctx context.Context, p *wine.Prefix) {
	versions := b.opts.SlowRuns + 1
	if b.opts.TraceUpgrade {
		versions++
	}
	b.logf("building %d versions of the amd64 MSI", versions)
	var msis []string
	for i := range versions {
		out, err := b.buildMSI(ctx, fmt.Sprintf("1.%d.0", i))
		if err != nil {
			b.fail(figSize, sizeTarget.String(), err)
			b.fail(figDowntime, downtimeTarget.String(), err)
			return
		}
		msis = append(msis, out)
	}
	if row, err := b.sizeRow(ctx, msis[0]); err != nil {
		b.fail(figSize, sizeTarget.String(), err)
	} else {
		b.report.Rows = append(b.report.Rows, row)
	}
	b.logf("upgrade downtime: %d upgrades, /healthz every %s", b.opts.SlowRuns, pollEvery)
	if err := b.upgrades(ctx, p, msis[:b.opts.SlowRuns+1]); err != nil {
		b.fail(figDowntime, downtimeTarget.String(), err)
		return
	}
	if b.opts.TraceUpgrade {
		b.logf("one more upgrade under Wine's msi trace, taken apart")
		if err := b.tracedUpgrade(ctx, p, msis[len(msis)-1]); err != nil {
			b.errs = append(b.errs, fmt.Errorf("traced upgrade: %w", err))
		}
	}
}

// tracedUpgrade upgrades to msiPath with Wine's msi trace on and notes the
// steps between the old service's stop and the new one's start. Not in the
// figure: the trace slows msiexec down.
func (b *run) tracedUpgrade(ctx context.Context, p *wine.Prefix, msiPath string) error {
	trace, err := b.msiexecWith(ctx, p, "upgrade-traced", []string{"WINEDEBUG=" + upgradeTraceDebug}, "/i", wine.WinPath(msiPath))
	if err != nil {
		return err
	}
	steps, err := upgradeWindow([]byte(trace))
	if err != nil {
		return err
	}
	b.note("Upgrade window, taken apart from one more upgrade run under Wine's msi trace (WINEDEBUG=%s, slower than the figure's; ms, the old version's StopServices to the new one's StartServices, after which the service's own start follows): %s.",
		upgradeTraceDebug, formatWindow(steps))
	return nil
}

// buildMSI makes the real amd64 package as version v, as the MSI tests do.
func (b *run) buildMSI(ctx context.Context, v string) (string, error) {
	info, err := version.Parse(v)
	if err != nil {
		return "", err
	}
	info.Commit = "0000000000000000000000000000000000000000"
	info.Time = time.Unix(1700000000, 0).UTC()
	outs, err := msi.Dist(ctx, msi.DistOptions{
		Root:    b.opts.Root,
		OutDir:  filepath.Join(b.tmp, "dist-"+v),
		Arches:  []msi.Arch{msi.AMD64},
		Version: &info,
		Log:     io.Discard,
	})
	if err != nil {
		return "", err
	}
	return outs[0], nil
}

// sizeRow compares the MSI with `zip -9` of the files it installs, taken out
// of the MSI itself with msiextract, so the payload is the same bytes.
func (b *run) sizeRow(ctx context.Context, msiPath string) (Row, error) {
	dir := filepath.Join(b.tmp, "payload")
	if out, err := childenv.Command(ctx, "msiextract", "-C", dir, msiPath).CombinedOutput(); err != nil {
		return Row{}, fmt.Errorf("msiextract: %w\n%s", err, out)
	}
	var files []string
	var payload int64
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, path)
		payload += fi.Size()
		return nil
	})
	if err != nil {
		return Row{}, err
	}
	if len(files) == 0 {
		return Row{}, fmt.Errorf("msiextract found no files in %s", msiPath)
	}
	zipPath := filepath.Join(b.tmp, "payload.zip")
	args := append([]string{"-9", "-q", "-j", "-X", zipPath}, files...)
	if out, err := childenv.Command(ctx, "zip", args...).CombinedOutput(); err != nil {
		return Row{}, fmt.Errorf("zip: %w\n%s", err, out)
	}
	msiSize, err := fileSize(msiPath)
	if err != nil {
		return Row{}, err
	}
	zipSize, err := fileSize(zipPath)
	if err != nil {
		return Row{}, err
	}
	r := float64(msiSize) / float64(zipSize)
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	return Row{
		Figure:   figSize,
		Ours:     fmt.Sprintf("%.2f MB MSI", float64(msiSize)/1e6),
		Baseline: fmt.Sprintf("%.2f MB zip -9 of %s (%.2f MB)", float64(zipSize)/1e6, strings.Join(names, ", "), float64(payload)/1e6),
		Result:   fmt.Sprintf("%.3f×", r),
		Target:   sizeTarget.String(),
		Verdict:  verdict(r, sizeTarget),
	}, nil
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// upgrades installs msis[0] and upgrades to each next one while /healthz is
// polled, and adds the downtime row.
func (b *run) upgrades(ctx context.Context, p *wine.Prefix, msis []string) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	if err := b.msiexec(ctx, p, "install-1.0.0", "/i", wine.WinPath(msis[0]), "LISTEN="+addr); err != nil {
		return err
	}
	if err := waitVersion(ctx, addr, "1.0.0", 15*time.Second); err != nil {
		return err
	}
	var downs []float64
	for i, m := range msis[1:] {
		v := fmt.Sprintf("1.%d.0", i+1)
		// The poller and its definition of downtime are the smoke suite's
		// (issue 4): first failed request → next answered one, summed.
		pollCtx, stopPolling := context.WithCancel(ctx)
		avail := make(chan smoke.Availability, 1)
		go func() { avail <- smoke.Downtime(pollCtx, "http://"+addr+"/healthz", pollEvery) }()
		err := b.msiexec(ctx, p, "upgrade-to-"+v, "/i", wine.WinPath(m))
		if err == nil {
			err = waitVersion(ctx, addr, v, 15*time.Second)
		}
		time.Sleep(3 * pollEvery) // let a poll after the comeback close the outage
		stopPolling()
		a := <-avail
		if err != nil {
			return err
		}
		if a.Outages == 0 {
			// msiexec replaces the service: an upgrade without an outage means
			// the poller saw nothing, not that there was no downtime.
			return fmt.Errorf("upgrade to %s: /healthz never failed in %d polls: the poller missed the upgrade", v, a.Polls)
		}
		downs = append(downs, float64(a.Down.Milliseconds()))
	}
	b.report.Rows = append(b.report.Rows, absRow(figDowntime, Summarize(downs), 0, downtimeTarget))
	return nil
}

// msiexec runs a silent msiexec with a verbose log and judges it by the log,
// since Wine's exit codes do not follow Windows' (docs/platform.md).
func (b *run) msiexec(ctx context.Context, p *wine.Prefix, name string, args ...string) error {
	_, err := b.msiexecWith(ctx, p, name, nil, args...)
	return err
}

// msiexecWith is msiexec with more environment variables; it returns what
// Wine and msiexec wrote to stdout and stderr.
func (b *run) msiexecWith(ctx context.Context, p *wine.Prefix, name string, env []string, args ...string) (string, error) {
	log := filepath.Join(b.tmp, "msiexec-"+name+".log")
	out, runErr := p.RunWith(ctx, env, "msiexec", append(args, "/qn", "/l*v", wine.WinPath(log))...)
	data, err := os.ReadFile(log)
	if err != nil {
		return "", fmt.Errorf("msiexec %s wrote no log (%v): %v\n%s", name, err, runErr, tail(out, 30))
	}
	text := smoke.DecodeLog(data)
	if !strings.Contains(text, ": INSTALL. Return value 1.") {
		return "", fmt.Errorf("msiexec %s failed (%v); log tail:\n%s", name, runErr, tail(text, 30))
	}
	return out, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
