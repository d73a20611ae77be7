package deploy

import (
	"path/filepath"
	"testing"
)

// SetPolicy and Add each keep what the other wrote: the hooks of one release
// call both, in any order.
func TestSetPolicyKeepsPackages(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := Add(path, Package{File: "x_1.0.0_amd64.msi", Arch: "amd64"}); err != nil {
		t.Fatal(err)
	}
	pol := Policy{Key: `HKLM\Software\Policies\c\x`, Template: "x_1.0.0_admx.zip", Settings: []PolicySetting{{Name: "listen", Type: "text", RegistryType: "REG_SZ", Apply: "restart"}}}
	if err := SetPolicy(path, pol); err != nil {
		t.Fatal(err)
	}
	if err := Add(path, Package{File: "x_1.0.0_arm64.msi", Arch: "arm64"}); err != nil {
		t.Fatal(err)
	}
	m, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != 2 {
		t.Errorf("packages %+v, want 2", m.Packages)
	}
	if m.Policy == nil || m.Policy.Template != "x_1.0.0_admx.zip" || len(m.Policy.Settings) != 1 || m.Policy.Settings[0].Apply != "restart" {
		t.Errorf("policy %+v", m.Policy)
	}
}
