package msi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// settingRowsFor are the rendered source's values for prop, a property with
// a setting; the sequence numbers come later (allocateSequence).
func settingRowsFor(prop product.Property) (settingRows, error) {
	sh, err := shapeOf(prop.Pattern)
	if err != nil {
		return settingRows{}, fmt.Errorf("pattern: %w", err)
	}
	check := sh.condition(prop.Name)
	if check == "" {
		return settingRows{}, errors.New("svcpack derives the install's first check of a value from the pattern, and this one " +
			"gives none the installer's conditions can test: make it a list of values (a|b|c), or have every value contain " +
			"a fixed text (such as the : of HOST:PORT or the :\\ of a path), or start or end with one of a few characters")
	}
	examples := formattedExamples(prop.Examples.Good, 2)
	expected := "a value its pattern in the product file accepts"
	example := "its pattern"
	if len(examples) > 0 {
		expected = "a value like " + strings.Join(examples, " or ")
		example = examples[0]
	}
	return settingRows{
		Property: prop.Name, Setting: prop.Setting, ID: camel(prop.Setting),
		Check:   check,
		Message: attributeText.Replace(fmt.Sprintf(`%s="[%s]" is not valid: expected %s.`, prop.Name, prop.Name, expected)),
		Example: example,
	}, nil
}

// formattedExamples are up to n of values, as formatted text (where [ ] { }
// have meaning) shows them as they are; a value with a space or a character
// outside printable ASCII is left out, as no sentence shows it plainly.
func formattedExamples(values []string, n int) []string {
	var out []string
	for _, v := range values {
		if len(out) == n {
			break
		}
		if !plainWord(v) {
			continue
		}
		out = append(out, formattedEscape.Replace(v))
	}
	return out
}

func plainWord(v string) bool {
	for _, r := range v {
		if r <= 0x20 || r > 0x7e {
			return false
		}
	}
	return v != ""
}

// attributeText escapes a value for a WiX attribute in double quotes.
var attributeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// formattedEscape writes [ ] { } as Windows Installer's formatted text
// escapes them ([\x] is the character x).
var formattedEscape = strings.NewReplacer(`[`, `[\[]`, `]`, `[\]]`, `{`, `[\{]`, `}`, `[\}]`)

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
