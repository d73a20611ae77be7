package cli

import (
	"github.com/svcpack/svcpack/packaging/internal/admx"
	"github.com/svcpack/svcpack/packaging/internal/deploy"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// manifestPolicy is deployment.json's policy section for p's release at
// version: the key, the template the policy stage writes, the settings.
func manifestPolicy(p *product.Product, version string) deploy.Policy {
	base := admx.BaseName(p)
	pol := deploy.Policy{
		Key:      `HKLM\` + p.PolicyKey(),
		Template: admx.ZipName(p, version),
		ADMX:     `PolicyDefinitions\` + base + ".admx",
		ADML:     `PolicyDefinitions\` + admx.Language + `\` + base + ".adml",
	}
	for _, s := range p.Policy {
		ps := deploy.PolicySetting{Name: s.Setting, Type: s.Type, RegistryType: "REG_SZ", Apply: s.Apply}
		switch s.Type {
		case product.PolicyEnum:
			for _, v := range s.Values {
				ps.Values = append(ps.Values, v.Value)
			}
		case product.PolicyDecimal:
			ps.RegistryType = "REG_DWORD"
			ps.Min, ps.Max = &s.Min, &s.Max
		}
		pol.Settings = append(pol.Settings, ps)
	}
	return pol
}
