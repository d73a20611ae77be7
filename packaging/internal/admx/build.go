package admx

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// Template is a product's administrative template.
type Template struct {
	Base string // the files' base name: <company>.<name>
	ADMX []byte // <Base>.admx
	ADML []byte // en-US/<Base>.adml
}

// Language is the one ADML language written: Group Policy falls back to
// en-US, and Intune's import takes only en-US.
const Language = "en-US"

// The template's revision and schema version. Revision is the template's own
// version: raise it (and minRequiredRevision) when a change to the ADMX needs
// a matching ADML.
const (
	revision      = "1.0"
	schemaVersion = "1.0"
)

// Names in the template. A policy's name, its element's id, its
// presentation's id and its strings' ids derive from the setting, which the
// product file allows only as [a-z][a-z0-9_]*: valid ADMX item names. The
// derivation is packaging/internal/product's, which refuses settings whose ids
// collide.
const (
	categoryName  = product.PolicyCategoryID
	supportedName = product.PolicySupportedID
)

// Build makes the template for p's policy list. It fails when p lists no
// policy or when the template would break a rule of Intune's import.
func Build(p *product.Product) (Template, error) {
	if len(p.Policy) == 0 {
		return Template{}, fmt.Errorf("admx: %s lists no policy: nothing to template (see docs/policy.md)", p.File())
	}
	t := Template{Base: BaseName(p)}
	defs := policyDefinitions{
		Xmlns:         namespace,
		Revision:      revision,
		SchemaVersion: schemaVersion,
		Namespaces: policyNamespaces{
			Target: namespaceRef{Prefix: p.Name, Namespace: Namespace(p)},
		},
		Resources:   resourcesRef{MinRequiredRevision: revision},
		SupportedOn: supportedOn{Definitions: []definition{{Name: supportedName, DisplayName: stringRef(supportedName)}}},
		Categories:  []category{{Name: categoryName, DisplayName: stringRef(categoryName)}},
	}
	res := policyDefinitionResources{
		Xmlns:         namespace,
		Revision:      revision,
		SchemaVersion: schemaVersion,
		DisplayName:   p.DisplayName + " policy",
		Description:   "Group Policy settings of " + p.DisplayName + ", under HKLM\\" + p.PolicyKey() + ".",
		Strings: []str{
			{ID: categoryName, Text: p.DisplayName},
			// Go programs run on Windows 10 / Server 2016 and later only.
			{ID: supportedName, Text: p.DisplayName + " on Windows 10, Windows Server 2016 or later"},
		},
	}
	for _, pol := range p.Policy {
		def, strs, pres := policyOf(p, pol)
		defs.Policies = append(defs.Policies, def)
		res.Strings = append(res.Strings, strs...)
		res.Presentations = append(res.Presentations, pres)
	}
	var err error
	if t.ADMX, err = marshal(defs); err != nil {
		return Template{}, err
	}
	if t.ADML, err = marshal(res); err != nil {
		return Template{}, err
	}
	if err := CheckIngestion(t); err != nil {
		return Template{}, fmt.Errorf("admx: the template for %s: %w", p.Name, err)
	}
	return t, nil
}

// BaseName is the template files' name without extension: <company>.<name>.
func BaseName(p *product.Product) string { return p.Company + "." + p.Name }

// Namespace is the template's own namespace, unique per product: Group Policy
// refuses two loaded templates with one namespace.
func Namespace(p *product.Product) string { return p.Company + ".Policies." + p.Name }

func policyOf(p *product.Product, pol product.Policy) (policy, []str, presentation) {
	id := pol.Setting
	def := policy{
		Name:           id,
		Class:          "Machine", // the service reads HKLM only
		DisplayName:    stringRef(id),
		ExplainText:    stringRef(pol.ExplainID()),
		Presentation:   "$(presentation." + id + ")",
		Key:            p.PolicyKey(),
		ParentCategory: ref{Ref: categoryName},
		SupportedOn:    ref{Ref: supportedName},
	}
	strs := []str{
		{ID: id, Text: pol.DisplayName},
		{ID: pol.ExplainID(), Text: explain(p, pol)},
	}
	pres := presentation{ID: id}
	label := pol.DisplayName + ":"
	switch pol.Type {
	case product.PolicyText:
		def.Elements.Text = &textElement{ID: id, ValueName: id, Required: true, MaxLength: pol.MaxLength}
		pres.TextBox = &textBox{RefID: id, Label: label}
	case product.PolicyEnum:
		e := &enumElement{ID: id, ValueName: id, Required: true}
		for i, v := range pol.Values {
			sid := pol.ChoiceID(i)
			e.Items = append(e.Items, enumItem{DisplayName: stringRef(sid), Value: v.Value})
			strs = append(strs, str{ID: sid, Text: v.DisplayName})
		}
		def.Elements.Enum = e
		pres.Dropdown = &dropdownList{RefID: id, NoSort: true, Label: label}
	case product.PolicyDecimal:
		def.Elements.Decimal = &decimalElement{ID: id, ValueName: id, Required: true, MinValue: pol.Min, MaxValue: pol.Max}
		pres.Decimal = &decimalBox{RefID: id, Label: label}
	}
	return def, strs, pres
}

// explain is the policy's help text, followed by what an admin needs when
// checking a computer: where the value lands, what Disabled means, and when
// a change takes effect.
func explain(p *product.Product, pol product.Policy) string {
	when := "The running service applies a change at once."
	if pol.Apply == product.ApplyRestart {
		when = "A change takes effect when the service restarts; until then the service logs that it needs a restart."
	}
	kind := "REG_SZ"
	if pol.Type == product.PolicyDecimal {
		kind = "REG_DWORD"
	}
	return pol.Explain + "\n\n" +
		"Enabled: this value wins over " + pol.Setting + " in the service's config file. " +
		"Disabled or Not configured: the config file's value (or the default) applies.\n\n" +
		when + "\n\n" +
		"Registry: HKLM\\" + p.PolicyKey() + ", value " + pol.Setting + " (" + kind + ")."
}

func stringRef(id string) string { return "$(string." + id + ")" }

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("admx: write XML: %w", err)
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}
