package bench

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/svcpack/svcpack/internal/childenv"
	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/packaging/internal/version"
)

// stageTarget: the MSI stage may cost at most 1.5 times what wixl alone
// costs (issue 22; 2 before msidb read the tables in process).
var stageTarget = Limit{Max: 1.5}

// stageVersion and stageDate are the build identity every MSI of the stage
// figures carries (fixed, so that runs build the same bytes).
const (
	stageVersion = "1.0.0"
	stageDate    = "2023-11-14T22:13:20Z"
)

// stageInputs are what one architecture's MSI stage is run on.
type stageInputs struct {
	arch msi.Arch
	exe  string // the product's exe for arch
	bare *exec.Cmd
}

// stageFigures times `svcpack msi` (the command, unsigned, as goreleaser's
// hook runs it) against wixl alone on the same staged .wxs and exe, for each
// architecture of the product, interleaved; then takes the command apart by
// the msitools processes it runs.
func (b *run) stageFigures(ctx context.Context, svcpack string) {
	p, err := product.Load(filepath.Join(b.opts.Root, product.FileName))
	if err != nil {
		b.fail("MSI stage", stageTarget.String(), err)
		return
	}
	var ins []stageInputs
	for _, a := range p.Architectures {
		in, err := b.stageInputs(ctx, p, a)
		if err != nil {
			b.fail(stageFigure(a), stageTarget.String(), err)
			continue
		}
		ins = append(ins, in)
	}
	b.logf("MSI stage: svcpack msi and bare wixl, 1 warm-up and %d runs each per arch", b.opts.SlowRuns)
	for _, in := range ins {
		ours, base, err := b.timeStage(ctx, svcpack, in)
		if err != nil {
			b.fail(stageFigure(string(in.arch)), stageTarget.String(), err)
			continue
		}
		b.report.Rows = append(b.report.Rows, ratioRow(stageFigure(string(in.arch)), ours, base, "s", 2, stageTarget))
	}
	if len(ins) > 0 {
		b.logf("MSI stage, taken apart by the processes it runs (%s)", ins[0].arch)
		if err := b.stageProfile(ctx, svcpack, ins[0]); err != nil {
			b.errs = append(b.errs, fmt.Errorf("MSI stage profile: %w", err))
		}
	}
}

func stageFigure(arch string) string {
	return "MSI stage, " + arch + ": svcpack msi (unsigned) / bare wixl, same .wxs and exe (s)"
}

// stageInputs builds the product's exe for arch and stages the bare wixl
// build of it.
func (b *run) stageInputs(ctx context.Context, p *product.Product, a string) (stageInputs, error) {
	arch, err := msi.ParseArch(a)
	if err != nil {
		return stageInputs{}, err
	}
	v, err := version.Parse(stageVersion)
	if err != nil {
		return stageInputs{}, err
	}
	v.Commit = strings.Repeat("0", 40)
	if v.Time, err = time.Parse(time.RFC3339, stageDate); err != nil {
		return stageInputs{}, err
	}
	dir := filepath.Join(b.tmp, "stage", a)
	if err := os.MkdirAll(filepath.Join(dir, "wixl"), 0o755); err != nil {
		return stageInputs{}, err
	}
	exe := filepath.Join(dir, p.ExeName())
	b.logf("MSI stage: building %s for windows/%s", p.ExeName(), a)
	if err := msi.BuildExe(ctx, b.opts.Root, p.Main, exe, arch, v); err != nil {
		return stageInputs{}, err
	}
	bare, err := msi.BareWixl(ctx, msi.Options{
		Product: p,
		WXS:     p.WXSPath(b.opts.Root),
		Icon:    filepath.Join(b.opts.Root, filepath.FromSlash(p.Icon)),
		Exe:     exe,
		Arch:    arch,
		Version: v,
		Out:     filepath.Join(dir, "bare.msi"),
	}, filepath.Join(dir, "wixl"))
	if err != nil {
		return stageInputs{}, err
	}
	return stageInputs{arch: arch, exe: exe, bare: bare}, nil
}

// svcpackMSI is the command goreleaser's hook runs for one build, unsigned.
func (b *run) svcpackMSI(ctx context.Context, svcpack string, in stageInputs, env ...string) *exec.Cmd {
	cmd := childenv.Command(ctx, svcpack, "msi",
		"--product", filepath.Join(b.opts.Root, product.FileName),
		"--exe", in.exe, "--arch", string(in.arch), "--version", stageVersion, "--date", stageDate,
		"--out", filepath.Join(filepath.Dir(in.exe), "svcpack.msi"))
	cmd.Dir = b.opts.Root
	cmd.Env = childenv.Environ(env...)
	return cmd
}

// timeStage runs both commands, interleaved, after one warm-up each.
func (b *run) timeStage(ctx context.Context, svcpack string, in stageInputs) (ours, base Summary, err error) {
	var o, w []float64
	for i := 0; i <= b.opts.SlowRuns; i++ {
		d, err := timed(b.svcpackMSI(ctx, svcpack, in))
		if err != nil {
			return Summary{}, Summary{}, err
		}
		bare := childenv.Command(ctx, in.bare.Path, in.bare.Args[1:]...)
		bare.Dir = in.bare.Dir
		dw, err := timed(bare)
		if err != nil {
			return Summary{}, Summary{}, err
		}
		if i > 0 {
			o, w = append(o, d.Seconds()), append(w, dw.Seconds())
		}
	}
	return Summarize(o), Summarize(w), nil
}

// timed runs cmd to its end and returns how long it took.
func timed(cmd *exec.Cmd) (time.Duration, error) {
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return took, nil
}

// stageTools are the programs the MSI stage runs; the profile puts a
// stopwatch in front of each.
var stageTools = []string{"wixl", "msibuild", "msiinfo"}

// stageProfile runs `svcpack msi` with each msitools program behind a
// wrapper that logs its wall time, and notes where the stage's time goes:
// wixl, each kind of msibuild/msiinfo call, and the rest (our own Go code:
// process start, product file, copies, hashing, summary stamps, lint rules).
func (b *run) stageProfile(ctx context.Context, svcpack string, in stageInputs) error {
	dir := filepath.Join(b.tmp, "stage-profile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	log := filepath.Join(dir, "calls.log")
	for _, tool := range stageTools {
		real, err := exec.LookPath(tool)
		if err != nil {
			return err
		}
		// bash's EPOCHREALTIME needs no process of its own.
		// The first argument's letters name msiinfo's subcommand.
		script := fmt.Sprintf("#!/bin/bash\ns=$EPOCHREALTIME\n%q \"$@\"\nrc=$?\nsub=\"${1//[^a-z]/}\"\nprintf '%%s %%s %%s %%s\\n' %s \"${sub:--}\" \"$s\" \"$EPOCHREALTIME\" >> %q\nexit $rc\n",
			real, tool, log)
		if err := os.WriteFile(filepath.Join(dir, tool), []byte(script), 0o755); err != nil {
			return err
		}
	}
	type share struct {
		calls      int
		secs, wall []float64 // summed; covered, when some ran side by side
	}
	shares := map[string]*share{}
	var totals []float64
	for range b.opts.SlowRuns {
		if err := os.Remove(log); err != nil && !os.IsNotExist(err) {
			return err
		}
		d, err := timed(b.svcpackMSI(ctx, svcpack, in, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH")))
		if err != nil {
			return err
		}
		calls, err := readCalls(log)
		if err != nil {
			return err
		}
		byKind := map[string][]call{}
		for _, c := range calls {
			byKind[c.kind] = append(byKind[c.kind], c)
		}
		byKind["rest"] = nil
		for k, cs := range byKind {
			if shares[k] == nil {
				shares[k] = &share{}
			}
			sh := shares[k]
			sum := 0.0
			for _, c := range cs {
				sum += c.end - c.start
			}
			wall := covered(cs)
			if k == "rest" {
				sum = d.Seconds() - covered(calls)
				wall = sum
			}
			sh.secs, sh.wall, sh.calls = append(sh.secs, sum), append(sh.wall, wall), len(cs)
		}
		totals = append(totals, d.Seconds())
	}
	var kinds []string
	for k := range shares {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool {
		return Summarize(shares[kinds[i]].secs).Median > Summarize(shares[kinds[j]].secs).Median
	})
	var parts []string
	for _, k := range kinds {
		s := Summarize(shares[k].secs)
		label := k
		if k == "rest" {
			label = "the rest (svcpack's own Go code: process start, product file, staging copies, hashing, summary stamps, lint rules)"
		} else {
			label = fmt.Sprintf("%s ×%d", k, shares[k].calls)
		}
		if w := Summarize(shares[k].wall).Median; k != "rest" && w < s.Median-0.005 {
			parts = append(parts, fmt.Sprintf("%s %.2f s (%.2f s of wall time: run side by side)", label, s.Median, w))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.2f s", label, s.Median))
	}
	b.note("MSI stage, taken apart (%s, svcpack msi with each msitools program timed by a wrapper, medians of %d runs of %s; the rest is the wall time no program covered): %s.",
		in.arch, len(totals), Summarize(totals).Format("s", 2), strings.Join(parts, "; "))
	return nil
}

// call is one line of the wrappers' log.
type call struct {
	kind       string // "wixl", "msibuild", "msiinfo export", …
	start, end float64
}

// covered is the wall time during which at least one of calls ran.
func covered(calls []call) float64 {
	cs := slices.Clone(calls)
	slices.SortFunc(cs, func(a, b call) int { return cmp.Compare(a.start, b.start) })
	total, end := 0.0, math.Inf(-1)
	for _, c := range cs {
		if c.start > end {
			total += c.end - c.start
		} else if c.end > end {
			total += c.end - end
		}
		end = max(end, c.end)
	}
	return total
}

func readCalls(path string) ([]call, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the stage ran no msitools program: %w", err)
	}
	var calls []call
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, fmt.Errorf("wrapper log line %q: want tool, subcommand, start, end", line)
		}
		start, err1 := strconv.ParseFloat(f[2], 64)
		end, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("wrapper log line %q: times are not numbers", line)
		}
		kind := f[0]
		if kind == "msiinfo" {
			kind += " " + f[1]
		}
		calls = append(calls, call{kind: kind, start: start, end: end})
	}
	return calls, nil
}
