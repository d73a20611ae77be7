package product

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/internal/wrap"
)

// wrapCommandPrograms: a hook's or stop command's program, like
// wrap.program, is one of wrap.files (installed beside the wrapper) or an
// absolute path the machine has; svcwrap's parser checks the rest (path rule,
// extension, arguments) at the same keys.
func (c *checker) wrapCommandPrograms(names map[string]string) {
	w := c.p.Wrap
	cmds := map[string][]string{}
	for i, h := range []*wrap.FileHook{w.Hooks.PreStart, w.Hooks.PostStart, w.Hooks.PreStop, w.Hooks.PostStop} {
		if h != nil {
			cmds["wrap.hooks."+wrap.HookNames[i]+".command[0]"] = h.Command
		}
	}
	for i, s := range w.Stop.Steps {
		cmds[fmt.Sprintf("wrap.stop.steps[%d].command[0]", i)] = s.Command
	}
	for _, key := range slices.Sorted(maps.Keys(cmds)) {
		argv := cmds[key]
		if len(argv) == 0 {
			continue
		}
		if kind, _ := wrap.CheckPath(argv[0]); kind != wrap.PathRelative {
			continue // absolute, or refused by svcwrap's parser at this key
		}
		if k, ok := names[strings.ToLower(argv[0])]; !ok || !strings.HasPrefix(k, "wrap.files") {
			c.bad(key, argv[0], "the base name of one of wrap.files ("+strings.Join(c.wrapFileNames(), ", ")+"), or an absolute path such as C:\\Windows\\System32\\whoami.exe")
		}
	}
}
