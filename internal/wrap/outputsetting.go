package wrap

import (
	"fmt"
	"strconv"
	"time"

	"github.com/svcpack/svcpack/service/logfile"
)

// OutputConfig places the program's captured stdout and stderr and says how
// the file rotates and what is kept (service/logfile's Policy).
type OutputConfig struct {
	Dir      string // default: the service log folder, %ProgramData%\<name>\logs
	MaxBytes int64
	MaxFiles int
	MaxAge   time.Duration // 0: rotated files are kept whatever their age
	Every    time.Duration // 0, time.Hour (hourly) or 24*time.Hour (daily)
	Compress bool
}

// Policy is the rotation the output log follows.
func (o OutputConfig) Policy() logfile.Policy {
	return logfile.Policy{MaxBytes: o.MaxBytes, MaxFiles: o.MaxFiles, MaxAge: o.MaxAge, Every: o.Every, Compress: o.Compress}
}

// rotateEvery is what output.rotate takes, besides size.
var rotateEvery = map[string]time.Duration{"hourly": time.Hour, "daily": 24 * time.Hour}

// parseOutput checks the output section; place and dur are Parse's checks
// for a path and a duration key, bad collects what is wrong.
func parseOutput(f FileOutput, place func(key, p string) string,
	dur func(key, s string, def time.Duration) time.Duration, bad func(key, value, want string)) OutputConfig {
	o := OutputConfig{MaxBytes: defaultOutputMax, MaxFiles: defaultOutputFiles, Compress: f.Compress}
	if f.Dir != "" {
		o.Dir = place("output.dir", f.Dir)
	}
	if f.MaxBytes != "" {
		n, err := parseBytes(f.MaxBytes)
		if err != nil || n < minOutputBytes || n > maxOutputBytes {
			bad("output.max_bytes", f.MaxBytes, "a size from 64KiB to 16GiB, such as 10MiB")
		} else {
			o.MaxBytes = int64(n)
		}
	}
	if f.MaxFiles != nil {
		if n := *f.MaxFiles; n < 0 || n > maxFilesLimit {
			bad("output.max_files", strconv.Itoa(n), fmt.Sprintf("a count from 0 to %d", maxFilesLimit))
		}
		o.MaxFiles = *f.MaxFiles
	}
	o.MaxAge = dur("output.max_age", f.MaxAge, 0)
	if f.Rotate != "" {
		every, ok := rotateEvery[f.Rotate]
		if !ok {
			bad("output.rotate", f.Rotate, "hourly or daily (absent: by size only)")
		}
		o.Every = every
	}
	return o
}
