package manage

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/service/policy"
)

// reportingSettings is a program's Settings that reports effective values.
type reportingSettings struct {
	recordingSettings
	eff []policy.Effective
	err error
}

func (r *reportingSettings) Effective() ([]policy.Effective, error) { return r.eff, r.err }

func TestStatusShowsEffectiveSettings(t *testing.T) {
	f := newFake()
	installed(f)
	spec := testSpec
	spec.Settings = &reportingSettings{eff: []policy.Effective{
		{Name: "listen", Value: "0.0.0.0:9090", Source: policy.FromPolicy},
		{Name: "demo_delay_endpoint", Value: "false", Source: policy.FromDefault,
			Refused: `policy HKLM\Software\Policies\svcpack\hellosvc\demo_delay_endpoint refused: is of registry type REG_DWORD: expected REG_SZ`},
	}}
	var out bytes.Buffer
	if err := run(f.env(&out), spec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`Setting listen:               "0.0.0.0:9090" (policy)`,
		`Setting demo_delay_endpoint:  "false" (default)`,
		`Setting demo_delay_endpoint policy:  policy HKLM\Software\Policies\svcpack\hellosvc\demo_delay_endpoint refused`,
	} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}

	// A program that cannot say (its config unreadable) still gets the SCM's part.
	spec.Settings = &reportingSettings{err: errors.New("read config C:\\x\\config.json: denied")}
	out.Reset()
	if err := run(f.env(&out), spec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "State:") || !strings.Contains(out.String(), "unavailable (read config C:\\x\\config.json: denied)") {
		t.Errorf("status with an unreadable config:\n%s", out.String())
	}

	// Settings that do not report print no setting rows.
	spec.Settings = &recordingSettings{}
	out.Reset()
	if err := run(f.env(&out), spec, []string{"status"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Setting") {
		t.Errorf("status without EffectiveSettings:\n%s", out.String())
	}
}
