package admx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// maxFileSize is Intune's limit on an imported ADMX or ADML file.
const maxFileSize = 1 << 20

// maxTextLength is the longest text value Intune's editor takes, and the
// ADMX text element's default maxLength.
const maxTextLength = 1023

var refRE = regexp.MustCompile(`^\$\((string|presentation)\.([\p{L}\p{N}_]+)\)$`)

// CheckIngestion checks t against the rules of Intune's ADMX import and the
// cross-references Group Policy resolves when it loads a template:
//   - each file is well-formed XML in the PolicyDefinitions namespace, at
//     most 1 MB;
//   - the template depends on no other (no <using>): it imports alone;
//   - every policy is class Machine under Software\Policies\ and not under
//     Software\Policies\Microsoft (nor System\ or Software\Microsoft), which
//     Intune refuses to write;
//   - text elements take at most 1023 characters; no comboBox (Intune has
//     none);
//   - every $(string.X) and $(presentation.X) the ADMX uses is in the ADML,
//     every presentation control names an element of its policy, and every
//     category and supportedOn reference is defined.
//
// Errors name the policy and what is wrong, all of them at once.
func CheckIngestion(t Template) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	for _, f := range []struct {
		name string
		b    []byte
	}{{t.Base + ".admx", t.ADMX}, {Language + "/" + t.Base + ".adml", t.ADML}} {
		if len(f.b) > maxFileSize {
			bad("%s is %d bytes: Intune imports files of at most %d", f.name, len(f.b), maxFileSize)
		}
		if strings.Contains(string(f.b), "<comboBox") {
			bad("%s has a comboBox: Intune's import has no such control", f.name)
		}
	}
	var defs policyDefinitions
	if err := strictUnmarshal(t.ADMX, &defs); err != nil {
		return fmt.Errorf("%s.admx: %w", t.Base, err)
	}
	var res policyDefinitionResources
	if err := strictUnmarshal(t.ADML, &res); err != nil {
		return fmt.Errorf("%s/%s.adml: %w", Language, t.Base, err)
	}
	if defs.XMLName.Space != namespace || res.XMLName.Space != namespace {
		bad("the root elements are in namespaces %q and %q: expected %q", defs.XMLName.Space, res.XMLName.Space, namespace)
	}
	if len(defs.Namespaces.Using) > 0 {
		bad("the ADMX uses the namespace %q: a template must import alone", defs.Namespaces.Using[0].Namespace)
	}
	strs := map[string]bool{}
	for _, s := range res.Strings {
		if strs[s.ID] {
			bad("the ADML defines string %q twice", s.ID)
		}
		strs[s.ID] = true
	}
	press := map[string]presentation{}
	for _, p := range res.Presentations {
		press[p.ID] = p
	}
	resolves := func(where, r, kind string) {
		m := refRE.FindStringSubmatch(r)
		switch {
		case m == nil || m[1] != kind:
			bad("%s: %q is not a $(%s.ID) reference", where, r, kind)
		case kind == "string" && !strs[m[2]]:
			bad("%s: string %q is not in the ADML's stringTable", where, m[2])
		case kind == "presentation" && press[m[2]].ID == "":
			bad("%s: presentation %q is not in the ADML's presentationTable", where, m[2])
		}
	}
	cats := map[string]bool{}
	for _, c := range defs.Categories {
		cats[c.Name] = true
		resolves("category "+c.Name, c.DisplayName, "string")
	}
	supported := map[string]bool{}
	for _, d := range defs.SupportedOn.Definitions {
		supported[d.Name] = true
		resolves("supportedOn "+d.Name, d.DisplayName, "string")
	}
	for _, p := range defs.Policies {
		where := "policy " + p.Name
		checkKey(where, p.Key, bad)
		if p.Class != "Machine" {
			bad("%s: class %q: the service reads machine policy only (class Machine)", where, p.Class)
		}
		resolves(where+" displayName", p.DisplayName, "string")
		resolves(where+" explainText", p.ExplainText, "string")
		resolves(where+" presentation", p.Presentation, "presentation")
		if !cats[p.ParentCategory.Ref] {
			bad("%s: parent category %q is not defined", where, p.ParentCategory.Ref)
		}
		if !supported[p.SupportedOn.Ref] {
			bad("%s: supportedOn %q is not defined", where, p.SupportedOn.Ref)
		}
		checkElements(where, p, press[strings.TrimSuffix(strings.TrimPrefix(p.Presentation, "$(presentation."), ")")], resolves, bad)
	}
	return errors.Join(errs...)
}

// checkKey applies Intune's and the ADMX ingestion's registry rules.
func checkKey(where, key string, bad func(string, ...any)) {
	k := strings.ToLower(key)
	switch {
	case !strings.HasPrefix(k, `software\policies\`):
		bad(`%s: key %q is not under Software\Policies\: Group Policy's registry extension writes and cleans up there only`, where, key)
	case k == `software\policies\microsoft` || strings.HasPrefix(k, `software\policies\microsoft\`):
		bad(`%s: key %q is under Software\Policies\Microsoft, which Intune's ADMX import refuses`, where, key)
	case strings.Contains(k, `\\`) || strings.HasSuffix(k, `\`):
		bad(`%s: key %q has an empty name`, where, key)
	}
}

// checkElements checks the policy's one element against its presentation.
func checkElements(where string, p policy, pres presentation, resolves func(string, string, string), bad func(string, ...any)) {
	e := p.Elements
	n := 0
	var id, valueName, control, refID string
	if e.Text != nil {
		n++
		id, valueName, control = e.Text.ID, e.Text.ValueName, "textBox"
		if pres.TextBox != nil {
			refID = pres.TextBox.RefID
		}
		if e.Text.MaxLength < 1 || e.Text.MaxLength > maxTextLength {
			bad("%s: text maxLength %d: Intune takes 1 to %d", where, e.Text.MaxLength, maxTextLength)
		}
	}
	if e.Enum != nil {
		n++
		id, valueName, control = e.Enum.ID, e.Enum.ValueName, "dropdownList"
		if pres.Dropdown != nil {
			refID = pres.Dropdown.RefID
		}
		if len(e.Enum.Items) == 0 {
			bad("%s: enum has no items", where)
		}
		for _, it := range e.Enum.Items {
			resolves(where+" item", it.DisplayName, "string")
		}
	}
	if e.Decimal != nil {
		n++
		id, valueName, control = e.Decimal.ID, e.Decimal.ValueName, "decimalTextBox"
		if pres.Decimal != nil {
			refID = pres.Decimal.RefID
		}
		if e.Decimal.MinValue > e.Decimal.MaxValue {
			bad("%s: decimal minValue %d > maxValue %d", where, e.Decimal.MinValue, e.Decimal.MaxValue)
		}
	}
	switch {
	case n != 1:
		bad("%s: has %d elements: expected one (text, enum or decimal)", where, n)
	case valueName == "":
		bad("%s: element %q has no valueName", where, id)
	case refID != id:
		bad("%s: presentation has no %s for element %q", where, control, id)
	}
}

// strictUnmarshal decodes b, failing on XML that is not well-formed.
func strictUnmarshal(b []byte, v any) error {
	d := xml.NewDecoder(strings.NewReader(string(b)))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("not well-formed XML: %w", err)
	}
	return nil
}
