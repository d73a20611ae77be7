package admx

import "encoding/xml"

// The ADMX and ADML schema's namespace (Microsoft's PolicyDefinitions.xsd).
const namespace = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"

// The elements below follow the order the schema's sequences require:
// encoding/xml writes fields in declaration order.

type policyDefinitions struct {
	XMLName       xml.Name         `xml:"policyDefinitions"`
	Xmlns         string           `xml:"xmlns,attr"`
	Revision      string           `xml:"revision,attr"`
	SchemaVersion string           `xml:"schemaVersion,attr"`
	Namespaces    policyNamespaces `xml:"policyNamespaces"`
	Resources     resourcesRef     `xml:"resources"`
	SupportedOn   supportedOn      `xml:"supportedOn"`
	Categories    []category       `xml:"categories>category"`
	Policies      []policy         `xml:"policies>policy"`
}

type policyNamespaces struct {
	Target namespaceRef   `xml:"target"`
	Using  []namespaceRef `xml:"using"`
}

type namespaceRef struct {
	Prefix    string `xml:"prefix,attr"`
	Namespace string `xml:"namespace,attr"`
}

type resourcesRef struct {
	MinRequiredRevision string `xml:"minRequiredRevision,attr"`
}

type supportedOn struct {
	Definitions []definition `xml:"definitions>definition"`
}

type definition struct {
	Name        string `xml:"name,attr"`
	DisplayName string `xml:"displayName,attr"`
}

type category struct {
	Name        string `xml:"name,attr"`
	DisplayName string `xml:"displayName,attr"`
	ExplainText string `xml:"explainText,attr,omitempty"`
}

type ref struct {
	Ref string `xml:"ref,attr"`
}

type policy struct {
	Name           string   `xml:"name,attr"`
	Class          string   `xml:"class,attr"`
	DisplayName    string   `xml:"displayName,attr"`
	ExplainText    string   `xml:"explainText,attr"`
	Presentation   string   `xml:"presentation,attr"`
	Key            string   `xml:"key,attr"`
	ParentCategory ref      `xml:"parentCategory"`
	SupportedOn    ref      `xml:"supportedOn"`
	Elements       elements `xml:"elements"`
}

// elements holds the one element a policy of svcpack has.
type elements struct {
	Text    *textElement    `xml:"text"`
	Enum    *enumElement    `xml:"enum"`
	Decimal *decimalElement `xml:"decimal"`
}

type textElement struct {
	ID        string `xml:"id,attr"`
	ValueName string `xml:"valueName,attr"`
	Required  bool   `xml:"required,attr"`
	MaxLength int    `xml:"maxLength,attr"`
}

type enumElement struct {
	ID        string     `xml:"id,attr"`
	ValueName string     `xml:"valueName,attr"`
	Required  bool       `xml:"required,attr"`
	Items     []enumItem `xml:"item"`
}

type enumItem struct {
	DisplayName string `xml:"displayName,attr"`
	Value       string `xml:"value>string"`
}

type decimalElement struct {
	ID        string `xml:"id,attr"`
	ValueName string `xml:"valueName,attr"`
	Required  bool   `xml:"required,attr"`
	MinValue  int    `xml:"minValue,attr"`
	MaxValue  int    `xml:"maxValue,attr"`
}

type policyDefinitionResources struct {
	XMLName       xml.Name       `xml:"policyDefinitionResources"`
	Xmlns         string         `xml:"xmlns,attr"`
	Revision      string         `xml:"revision,attr"`
	SchemaVersion string         `xml:"schemaVersion,attr"`
	DisplayName   string         `xml:"displayName"`
	Description   string         `xml:"description"`
	Strings       []str          `xml:"resources>stringTable>string"`
	Presentations []presentation `xml:"resources>presentationTable>presentation"`
}

type str struct {
	ID   string `xml:"id,attr"`
	Text string `xml:",chardata"`
}

type presentation struct {
	ID       string        `xml:"id,attr"`
	TextBox  *textBox      `xml:"textBox"`
	Dropdown *dropdownList `xml:"dropdownList"`
	Decimal  *decimalBox   `xml:"decimalTextBox"`
}

type textBox struct {
	RefID string `xml:"refId,attr"`
	Label string `xml:"label"`
}

type dropdownList struct {
	RefID  string `xml:"refId,attr"`
	NoSort bool   `xml:"noSort,attr"`
	Label  string `xml:",chardata"`
}

type decimalBox struct {
	RefID string `xml:"refId,attr"`
	Label string `xml:",chardata"`
}
