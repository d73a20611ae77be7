package manage

import (
	"strings"

	"github.com/svcpack/svcpack/service/clip"
	"github.com/svcpack/svcpack/service/policy"
)

// EffectiveSettings is a Settings that can say the value each setting has
// for the service and where it comes from (service/policy: policy > config
// file > default). `status` prints them.
type EffectiveSettings interface {
	Effective() ([]policy.Effective, error)
}

// settingRows are status's rows for the program's settings: one per setting,
// "value (source)", and a refused policy value's reason. A setting whose
// value comes from policy and needs a restart may not be the running
// service's yet: the service logs when it needs one.
func settingRows(s Settings) [][2]string {
	es, ok := s.(EffectiveSettings)
	if !ok {
		return nil
	}
	eff, err := es.Effective()
	if err != nil {
		return [][2]string{{"Settings", "unavailable (" + strings.TrimSpace(err.Error()) + ")"}}
	}
	var rows [][2]string
	for _, e := range eff {
		rows = append(rows, [2]string{"Setting " + e.Name, clip.Quote(e.Value) + " (" + string(e.Source) + ")"})
		if e.Refused != "" {
			rows = append(rows, [2]string{"Setting " + e.Name + " policy", e.Refused})
		}
	}
	return rows
}
