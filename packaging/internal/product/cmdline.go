package product

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/svcpack/svcpack/service/clip"
)

// cmdSpecial are the characters cmd.exe acts on in a line an admin pastes
// into a console, a script or a deployment tool's command field: & | < >
// join and redirect commands, ^ escapes, % (and ! under delayed expansion)
// expand variables even inside quotes, and " ends msiexec's quoting.
const cmdSpecial = `&|^%<>!"`

// PropertyArg is NAME=value as deployment.json's example command lines
// print it, or why value cannot be printed so that the line means what it
// says. The one rule, for every reader the line meets:
//
//   - A value with a character cmd.exe acts on (cmdSpecial), a control or
//     format character (a tab, a newline, a right-to-left override) is
//     refused: no quoting makes it safe in every place the line is pasted.
//   - A value that is empty or holds any space (Unicode's, not only U+0020)
//     is put in double quotes; any other value is printed as it is.
//   - Inside quotes a value must not end in a backslash: msiexec's
//     documented quoting has no backslash escape (only "" for a quote), but
//     a program that splits its command line the Microsoft C way
//     (CommandLineToArgvW, the C runtime, a wrapper between the deployment
//     tool and msiexec) reads \" as an escaped quote and runs the rest of
//     the line into the value. INSTALLFOLDER's trailing backslashes are dropped, since a folder
//     means the same without them (Windows Installer ends every directory
//     property with one itself); any other such value is refused.
//
// docs/install-behaviour.md states the rule for admins.
func PropertyArg(name, value string) (string, error) {
	if err := CheckPrintable(value); err != nil {
		return "", err
	}
	if value != "" && !strings.ContainsFunc(value, unicode.IsSpace) {
		return name + "=" + value, nil
	}
	v := value
	if strings.HasSuffix(v, `\`) {
		if name != InstallFolderProperty {
			return "", errors.New(clip.Quote(value) + ` needs quotes (it holds a space) and ends in a backslash, which reads as \" to programs that split command lines the Microsoft C way: expected a value that does not end in \`)
		}
		v = strings.TrimRight(v, `\`)
	}
	return name + `="` + v + `"`, nil
}

// CheckPrintable refuses text that cannot appear in a cmd.exe command line
// as written, quoted or not: a character of cmdSpecial, a control or a
// format character. An MSI's file name in deployment.json's lines is held
// to it too.
func CheckPrintable(value string) error {
	for _, r := range value {
		switch {
		case strings.ContainsRune(cmdSpecial, r):
			return fmt.Errorf("%s holds %q, which cmd.exe or msiexec would act on in a command line: expected a value without any of %s", clip.Quote(value), r, cmdSpecial)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return fmt.Errorf("%s holds the control or format character %U: expected printable characters", clip.Quote(value), r)
		}
	}
	return nil
}

// checkExampleArgs refuses a good example that PropertyArg cannot print:
// the first is the example deployment.json prints, and the others are
// values an admin is told to type.
func (p *Product) checkExampleArgs(errs *Errors, root int) {
	c := &checker{p: p, errs: errs, root: root}
	for i, prop := range p.Properties {
		for j, v := range prop.Examples.Good {
			if _, err := PropertyArg(prop.Name, v); err != nil {
				path := fmt.Sprintf("properties[%d].examples.good[%d]", i, j)
				errs.add(c.line(path), path, err.Error()+" (docs/install-behaviour.md: command lines)")
			}
		}
	}
}
