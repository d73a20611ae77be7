package wrap

import (
	"testing"
	"time"
)

// The output section's rotation keys reach the log file's policy.
func TestParseOutputRotation(t *testing.T) {
	for _, c := range []struct {
		src  string
		want OutputConfig
	}{
		{"output: {rotate: daily, max_age: 168h, compress: true, max_files: 30}",
			OutputConfig{MaxBytes: defaultOutputMax, MaxFiles: 30, MaxAge: 168 * time.Hour, Every: 24 * time.Hour, Compress: true}},
		{"output: {rotate: hourly}", OutputConfig{MaxBytes: defaultOutputMax, MaxFiles: defaultOutputFiles, Every: time.Hour}},
	} {
		cfg, err := Parse([]byte("program: app.exe\n"+c.src+"\n"), "/srv", "app")
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		if cfg.Output != c.want {
			t.Errorf("%s: output %+v, want %+v", c.src, cfg.Output, c.want)
		}
		p := cfg.Output.Policy()
		if p.MaxBytes != c.want.MaxBytes || p.MaxFiles != c.want.MaxFiles || p.MaxAge != c.want.MaxAge ||
			p.Every != c.want.Every || p.Compress != c.want.Compress || p.Now != nil {
			t.Errorf("%s: policy %+v", c.src, p)
		}
	}
}
