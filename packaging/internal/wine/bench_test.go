package wine

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkNewPrefix is the fixed cost of a Wine test run: wineboot -i,
// persistent server, win10, shim build. Run with -benchtime=3x.
func BenchmarkNewPrefix(b *testing.B) {
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		p, err := NewPrefix(context.Background(), filepath.Join(dir, "prefix"), OwnNetwork)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := p.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkRunExe is Wine's cost per Windows process: a Go hello world run
// through the prefix's loader.
func BenchmarkRunExe(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if out, err := testPrefix.Run(context.Background(), helloExe, "0"); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}

// BenchmarkTestBinary is the per-test-binary cost under go test -exec: a
// compiled Windows test binary with one trivial test, run through wineexec.
func BenchmarkTestBinary(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "wintest.test.exe")
	build := exec.Command("go", "test", "-c", "-o", bin, "./testdata/wintest")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("%v\n%s", err, out)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(wrapperPath, bin, "-test.count=1")
		cmd.Env = testPrefix.Env()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}
