package product

import (
	"reflect"

	"github.com/svcpack/svcpack/internal/wrap"
)

// refusedKeys are keys a user may well write that the product file refuses
// on purpose: the error says why and what to do instead, where "unknown key"
// would leave the user guessing at a spelling.
var refusedKeys = map[reflect.Type]map[string]string{
	reflect.TypeOf(Property{}): {
		// A value the MSI set itself would be indistinguishable from one an
		// admin gave: it would count as given, win over config.json and be
		// remembered on every install, upgrade and repair, breaking the
		// precedence given > config.json > remembered > default.
		"default": "is not a key of a property: the MSI has no default of its own for a property, since a value it " +
			"set would count as given and win over config.json and the remembered value on every upgrade and repair; " +
			"remove it: STARTTYPE's default is service.start, INSTALLFOLDER's is Program Files\\<company>\\<name>, " +
			"REMOVEDATA's keeps the data, and a setting's is the program's own (its manage.Settings), which applies " +
			"when neither config.json nor a remembered value gives one (docs/install-behaviour.md)",
	},
	// The wrapped program's setting takes its allowlist from the property
	// that reaches it: a second pattern here could only disagree with it.
	reflect.TypeOf(wrap.FileSetting{}): {
		"pattern": "is not a key of wrap.settings in a product file: the setting's pattern is its property's " +
			"(the one whose setting: names it), which svcpack writes into the rendered <name>.yaml; remove it here",
	},
}
