package main

import (
	"strings"

	"github.com/svcpack/svcpack/packaging/product"
)

// settingProperty is a public property that reaches a program setting
// (svcpack.yaml: a property with setting:), as the .wxs template writes it:
// a REMEMBERED_ search, the Keep actions, the Given and Remembered registry
// values, and its place in the change checks. init writes none (its product
// file has none); svcpack's own wix/hellosvc.wxs is the template rendered
// with one, LISTEN (wxs_test.go keeps the two equal).
type settingProperty struct {
	Property string // LISTEN
	Setting  string // listen
	ID       string // Listen: the suffix of its actions' and searches' identifiers
	// Check is the launch-condition expression that refuses a value of the
	// wrong shape and Message the sentence it shows, both XML-escaped as
	// they stand in the .wxs; "" (Check): no shape check.
	Check, Message string
}

// settingProperties are p's properties that reach a setting, in the product
// file's order, without their shape checks (a .wxs's own).
func settingProperties(p *product.Product) []settingProperty {
	var out []settingProperty
	for _, prop := range p.Properties {
		if prop.Setting == "" {
			continue
		}
		out = append(out, settingProperty{Property: prop.Name, Setting: prop.Setting, ID: camel(prop.Setting)})
	}
	return out
}

// camel turns a setting key (listen, demo_delay) into an identifier part
// (Listen, DemoDelay).
func camel(key string) string {
	var b strings.Builder
	for _, w := range strings.Split(key, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// Changeable lists the properties a repair may change through the registry,
// joined by sep ("and", "or"): the setting properties, then STARTTYPE.
func (v initValues) Changeable(sep string) string {
	var names []string
	for _, s := range v.Settings {
		names = append(names, s.Property)
	}
	names = append(names, product.StartTypeProperty)
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + sep + " " + names[len(names)-1]
}

// FirstChangeable is the property ChangeNeedsRegistry's example names.
func (v initValues) FirstChangeable() string {
	if len(v.Settings) > 0 {
		return v.Settings[0].Property
	}
	return product.StartTypeProperty
}
