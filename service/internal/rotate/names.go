package rotate

import (
	"strconv"
	"strings"
	"time"
)

// A rotated file is named <base>.<stamp>[-<seq>].log, stamp the UTC time of
// its rotation as YYYYMMDD-hhmmss, seq 2, 3, … for further rotations within
// the same second; compressed, the name gains .gz. The name is fixed when the
// file is rotated, so nothing is renamed again afterwards (compression in the
// background never races a shift), and the names order the files by rotation.
// Earlier versions numbered them <base>.<n>.log (1 newest); such files count
// as older than every stamped one and are kept, compressed and dropped by the
// same rules.
const stampLayout = "20060102-150405"

// key orders rotated files: legacy numbered ones first (highest number
// oldest), then by stamp and seq.
type key struct {
	legacy int // n of <base>.<n>.log; 0 for a stamped name
	stamp  string
	seq    int // 0 for the first rotation in a second, then 2, 3, …
}

// older reports whether a was rotated before b.
func (a key) older(b key) bool {
	switch {
	case a.legacy > 0 && b.legacy > 0:
		return a.legacy > b.legacy
	case a.legacy > 0 || b.legacy > 0:
		return a.legacy > 0
	case a.stamp != b.stamp:
		return a.stamp < b.stamp
	}
	return a.seq < b.seq
}

func (k key) String() string {
	if k.legacy > 0 {
		return strconv.Itoa(k.legacy)
	}
	if k.seq == 0 {
		return k.stamp
	}
	return k.stamp + "-" + strconv.Itoa(k.seq)
}

// next is the key for a rotation at now, after last (the newest key in the
// folder): later than every existing one even when the clock went back.
func (last key) next(now time.Time) key {
	stamp := now.UTC().Format(stampLayout)
	if last.legacy > 0 || stamp > last.stamp {
		return key{stamp: stamp}
	}
	return key{stamp: last.stamp, seq: max(last.seq+1, 2)}
}

// parseRotated reads name as one of base's rotated files: its key and
// whether it is compressed. Anything else (the current file, another base's
// files, a partial .gz) is not one.
func parseRotated(base, name string) (k key, gz bool, ok bool) {
	mid, ok := strings.CutPrefix(name, base+".")
	if !ok {
		return key{}, false, false
	}
	mid, gz = strings.CutSuffix(mid, ".gz")
	if mid, ok = strings.CutSuffix(mid, ".log"); !ok {
		return key{}, false, false
	}
	if digits(mid) {
		n, err := strconv.Atoi(mid)
		return key{legacy: n}, gz, err == nil && n >= 1
	}
	if len(mid) < len(stampLayout) {
		return key{}, false, false
	}
	stamp, rest := mid[:len(stampLayout)], mid[len(stampLayout):]
	if t, err := time.Parse(stampLayout, stamp); err != nil || t.Format(stampLayout) != stamp {
		return key{}, false, false
	}
	k = key{stamp: stamp}
	if rest == "" {
		return k, gz, true
	}
	seq, ok := strings.CutPrefix(rest, "-")
	if !ok || !digits(seq) || seq[0] == '0' || len(seq) > 9 {
		return key{}, false, false
	}
	k.seq, _ = strconv.Atoi(seq)
	return k, gz, k.seq >= 2
}

func digits(s string) bool { return s != "" && strings.TrimLeft(s, "0123456789") == "" }
