package product

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// Policy is one program setting an admin may set by Group Policy or Intune:
// `svcpack admx` writes it into the product's ADMX template, and the program
// reads it from HKLM\Software\Policies\<company>\<name>\<setting>, where it
// wins over the config file (service/policy).
type Policy struct {
	// Setting is the program setting (one of service.settings) and the
	// registry value's name.
	Setting string `yaml:"setting"`
	// Type is the ADMX element: text (REG_SZ), enum (REG_SZ, one of Values)
	// or decimal (REG_DWORD from Min to Max).
	Type string `yaml:"type"`
	// DisplayName is the policy's name in the Group Policy editor.
	DisplayName string `yaml:"display_name"`
	// Explain is the policy's help text in the editor.
	Explain string `yaml:"explain"`
	// Apply says when a change reaches the running service: live (at once)
	// or restart (the service logs that it needs one). The program declares
	// the same in its service/policy settings; a test of the program checks
	// that the two agree.
	Apply string `yaml:"apply"`
	// Values are an enum's choices, in the order the editor lists them.
	Values []PolicyValue `yaml:"values"`
	// Min and Max bound a decimal (REG_DWORD); Max is required.
	Min int `yaml:"min"`
	Max int `yaml:"max"`
	// MaxLength bounds a text value; default and limit 1023 (the ADMX
	// default, and the most Intune's editor accepts).
	MaxLength int `yaml:"max_length"`
}

// PolicyValue is one choice of an enum policy.
type PolicyValue struct {
	Value       string `yaml:"value"`        // what the registry value holds
	DisplayName string `yaml:"display_name"` // what the editor shows
}

// Values of Policy.Type and Policy.Apply.
const (
	PolicyText    = "text"
	PolicyEnum    = "enum"
	PolicyDecimal = "decimal"
	ApplyLive     = "live"
	ApplyRestart  = "restart"
)

// MaxPolicyText is the longest text policy value: the ADMX text element's
// default maxLength, which Intune's editor also enforces.
const MaxPolicyText = 1023

// maxDWORD is the largest value a REG_DWORD holds.
const maxDWORD = 1<<32 - 1

// An enum value ends up in the registry and in XML: printable words only.
var policyValueRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._:/+-]{0,254}$`)

// PolicyKey is the registry key under HKLM that Group Policy writes the
// product's policies to: Software\Policies\<company>\<name>.
func (p *Product) PolicyKey() string { return `Software\Policies\` + p.Company + `\` + p.Name }

func (p *Product) policyDefaults() {
	for i := range p.Policy {
		if p.Policy[i].Type == PolicyText && p.Policy[i].MaxLength == 0 {
			p.Policy[i].MaxLength = MaxPolicyText
		}
	}
}

func (c *checker) policies() {
	// Intune refuses templates that write under Software\Policies\Microsoft;
	// a company named Microsoft would put the key there.
	if len(c.p.Policy) > 0 && strings.EqualFold(c.p.Company, "Microsoft") {
		c.bad("company", c.p.Company, `a company other than Microsoft when policy is given: Intune refuses policies under Software\Policies\Microsoft`)
	}
	seen := map[string]bool{}
	for i := range c.p.Policy {
		path := fmt.Sprintf("policy[%d]", i)
		pol := &c.p.Policy[i]
		switch {
		case pol.Setting == "":
			c.missing(path+".setting", "the program setting the policy sets (one of service.settings)")
		case !slices.Contains(c.p.Service.Settings, pol.Setting):
			c.bad(path+".setting", pol.Setting, "one of service.settings ("+shownList(c.p.Service.Settings)+")")
		case seen[pol.Setting]:
			c.bad(path+".setting", pol.Setting, "each setting in one policy only")
		}
		seen[pol.Setting] = true
		c.text(path+".display_name", pol.DisplayName, maxDisplayName, true)
		c.text(path+".explain", pol.Explain, maxDescription, true)
		if pol.Apply != ApplyLive && pol.Apply != ApplyRestart {
			c.bad(path+".apply", pol.Apply, "live (the program applies a change at once) or restart (it logs that it needs a restart)")
		}
		c.policyType(path, pol)
	}
	c.policyIDs()
}

func (c *checker) policyType(path string, pol *Policy) {
	if pol.Type != PolicyEnum && len(pol.Values) > 0 {
		c.bad(path+".values", pol.Values[0].Value, "no values: only an enum policy has them")
	}
	if pol.Type != PolicyDecimal && (pol.Min != 0 || pol.Max != 0) {
		c.bad(path+".max", fmt.Sprint(pol.Max), "no min or max: only a decimal policy has them")
	}
	if pol.Type != PolicyText && pol.MaxLength != 0 {
		c.bad(path+".max_length", fmt.Sprint(pol.MaxLength), "no max_length: only a text policy has one")
	}
	switch pol.Type {
	case PolicyText:
		if pol.MaxLength < 1 || pol.MaxLength > MaxPolicyText {
			c.bad(path+".max_length", fmt.Sprint(pol.MaxLength), fmt.Sprintf("a length from 1 to %d", MaxPolicyText))
		}
	case PolicyEnum:
		c.enumValues(path, pol)
	case PolicyDecimal:
		if pol.Min < 0 || pol.Max <= pol.Min || pol.Max > maxDWORD {
			c.bad(path+".max", fmt.Sprintf("min %d, max %d", pol.Min, pol.Max), fmt.Sprintf("0 <= min < max <= %d (a REG_DWORD)", maxDWORD))
		}
	default:
		c.bad(path+".type", pol.Type, "text, enum or decimal")
	}
}

func (c *checker) enumValues(path string, pol *Policy) {
	if len(pol.Values) < 2 {
		c.missing(path+".values", "at least two choices, each a value and a display_name")
		return
	}
	// A property that sets the same setting has an allowlist: a choice it
	// refuses would be a policy value the MSI could never install.
	var prop *Property
	for i := range c.p.Properties {
		if c.p.Properties[i].Setting == pol.Setting {
			prop = &c.p.Properties[i]
		}
	}
	// Choices that differ only in case or in a trailing space look the same
	// in the editor and in a registry export; the program would tell them
	// apart, the admin could not.
	seen := map[string]string{}
	for j, v := range pol.Values {
		vp := fmt.Sprintf("%s.values[%d]", path, j)
		other, dup := seen[strings.ToLower(v.Value)]
		switch {
		case !policyValueRE.MatchString(v.Value):
			c.bad(vp+".value", v.Value, "a value of letters, digits, spaces and ._:/+- (at most 255), starting with a letter or digit")
		case strings.HasSuffix(v.Value, " "):
			c.bad(vp+".value", v.Value, "a value that does not end in a space")
		case dup:
			c.bad(vp+".value", v.Value, "each value once, without case: "+clip.Quote(other)+" is a choice already")
		case prop != nil && !prop.Matches(v.Value):
			c.errs.add(c.line(vp), vp+".value", fmt.Sprintf("%s is refused by %s's pattern: a choice must be a value the setting takes", clip.Quote(v.Value), shown(prop.Name, maxShownName)))
		}
		if !dup {
			seen[strings.ToLower(v.Value)] = v.Value
		}
		c.text(vp+".display_name", v.DisplayName, maxDisplayName, true)
	}
}
