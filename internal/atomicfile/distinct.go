package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/svcpack/svcpack/service/clip"
)

// Named is a file as the user named it: Role says where ("-o", "--exe",
// "the MSI"), Path is what was given.
type Named struct {
	Role string
	Path string
}

// NotInput refuses an output that is one of the inputs: the same cleaned
// absolute path, or the same file however it is reached (another spelling,
// a link, a hard link). Run it before any work: writing the output would
// destroy the input the output is made from.
func NotInput(out Named, inputs ...Named) error {
	outAbs, err := filepath.Abs(out.Path)
	if err != nil {
		return fmt.Errorf("%s %s: %w", out.Role, clip.Quote(out.Path), err)
	}
	outInfo, outErr := os.Stat(out.Path)
	for _, in := range inputs {
		if in.Path == "" {
			continue
		}
		same := false
		if inAbs, err := filepath.Abs(in.Path); err == nil && inAbs == outAbs {
			same = true
		} else if outErr == nil {
			if inInfo, err := os.Stat(in.Path); err == nil && os.SameFile(outInfo, inInfo) {
				same = true
			}
		}
		if same {
			return fmt.Errorf("%s %s is %s %s: an output may not be an input (writing it would destroy what it is made from); write it to another file",
				out.Role, clip.Quote(out.Path), in.Role, clip.Quote(in.Path))
		}
	}
	return nil
}
