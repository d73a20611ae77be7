package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/packaging/internal/product"
	"github.com/svcpack/svcpack/service/clip"
)

// MaxValue is the longest value a transform sets, in bytes: far above any
// real folder or address, far below what would bloat the package's tables.
const MaxValue = 1024

// ParseSetting reads NAME=VALUE (the value may hold '=').
func ParseSetting(s string) (Setting, error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return Setting{}, fmt.Errorf("%s is not NAME=VALUE", clip.Quote(s))
	}
	return Setting{Name: name, Value: value}, nil
}

// Check allows only what the product file allows: properties it declares,
// read at install (a transform is applied again at every later repair and
// uninstall, so an uninstall-time value such as REMOVEDATA=1 would act on a
// day no admin chose), each value matching the property's pattern, once.
// Every refusal names the property, the value and what was wanted; all of
// them are reported at once.
func Check(p *product.Product, sets []Setting) error {
	var errs []string
	seen := map[string]bool{}
	for _, s := range sets {
		i := slices.IndexFunc(p.Properties, func(prop product.Property) bool { return prop.Name == s.Name })
		switch {
		case i < 0:
			errs = append(errs, fmt.Sprintf("%s is not a property %s declares (it declares %s)", clip.Quote(s.Name), product.FileName, strings.Join(p.PropertyNames(), ", ")))
		case seen[s.Name]:
			errs = append(errs, fmt.Sprintf("%s is set twice: give it once", s.Name))
		case p.Properties[i].AppliesTo == product.Uninstall:
			errs = append(errs, fmt.Sprintf("%s applies to uninstall: a transform is applied at every later repair and uninstall too, so give %s on the uninstall's command line instead", s.Name, s.Name))
		case len(s.Value) > MaxValue:
			errs = append(errs, fmt.Sprintf("%s=%s is %d bytes long, more than %d", s.Name, clip.Quote(s.Value), len(s.Value), MaxValue))
		case !p.Properties[i].Matches(s.Value):
			errs = append(errs, fmt.Sprintf("%s=%s does not match its pattern %s (from %s); e.g. %s", s.Name, clip.Quote(s.Value), p.Properties[i].Pattern, product.FileName, examples(p.Properties[i])))
		}
		seen[s.Name] = true
	}
	if len(errs) > 0 {
		return fmt.Errorf("transform settings refused:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

func examples(prop product.Property) string {
	if len(prop.Examples.Good) == 0 {
		return "see its description"
	}
	q := make([]string, len(prop.Examples.Good))
	for i, g := range prop.Examples.Good {
		q[i] = clip.Quote(g)
	}
	return strings.Join(q, ", ")
}
