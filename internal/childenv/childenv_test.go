package childenv

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestFilterDropsEverySigningVariable(t *testing.T) {
	env := []string{"PATH=/bin", "SVCPACK_SIGN_PASSWORD=hunter2", "SVCPACK_SIGN_PIN=1234", "SVCPACK_SIGN_PFX_BASE64=MIIK",
		"svcpack_sign_password=lower", "SVCPACK_SIGN_PFX=/k.p12", "SVCPACK_VERSION=1.2.3", "HOME=/root"}
	got := Filter(env)
	want := []string{"PATH=/bin", "SVCPACK_VERSION=1.2.3", "HOME=/root"}
	if !slices.Equal(got, want) {
		t.Errorf("Filter = %q, want %q", got, want)
	}
}

func TestCommandGetsNoSecret(t *testing.T) {
	t.Setenv("SVCPACK_SIGN_PASSWORD", "hunter2")
	t.Setenv("SVCPACK_SIGN_PIN", "1234")
	t.Setenv("SVCPACK_SIGN_PFX_BASE64", "MIIK")
	t.Setenv("SVCPACK_OTHER", "kept")
	cmd := Command(context.Background(), "true")
	for _, kv := range cmd.Env {
		if strings.HasPrefix(kv, SigningPrefix) {
			t.Errorf("the child gets %s", kv)
		}
	}
	if !slices.Contains(cmd.Env, "SVCPACK_OTHER=kept") {
		t.Error("the child lost an ordinary variable")
	}
}
