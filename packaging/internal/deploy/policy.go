package deploy

// Policy is what an admin needs to manage the product by Group Policy or
// Intune: the registry key the service reads, the template's files in the
// release, and each policy-capable setting (svcpack.yaml's policy list).
type Policy struct {
	Key      string          `json:"key"`      // HKLM\Software\Policies\<company>\<name>
	Template string          `json:"template"` // the Central Store zip in the release
	ADMX     string          `json:"admx"`     // the zip's PolicyDefinitions\<company>.<name>.admx
	ADML     string          `json:"adml"`     // the zip's PolicyDefinitions\en-US\<company>.<name>.adml
	Settings []PolicySetting `json:"settings"`
}

// PolicySetting is one policy-capable setting.
type PolicySetting struct {
	Name         string   `json:"name"`             // the registry value's name
	Type         string   `json:"type"`             // text, enum or decimal
	RegistryType string   `json:"registryType"`     // REG_SZ or REG_DWORD
	Apply        string   `json:"apply"`            // live or restart
	Values       []string `json:"values,omitempty"` // an enum's choices
	Min          *int     `json:"min,omitempty"`    // a decimal's bounds
	Max          *int     `json:"max,omitempty"`
}

// SetPolicy puts pol into the manifest at path (replacing any), keeping its
// packages; under the same lock as Add, since every build's hook may call it.
func SetPolicy(path string, pol Policy) error {
	return update(path, func(m *Manifest) { m.Policy = &pol })
}
