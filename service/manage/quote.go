package manage

import (
	"fmt"
	"strings"
)

// commandLine builds the ImagePath: the executable always quoted, so a path with
// spaces can never be resolved to C:\Program.exe (the "unquoted service path"
// hole), then the arguments escaped as CommandLineToArgvW reads them.
//
// The executable is quoted without backslash escaping because the Windows
// loader reads the program name up to the next quote literally; a quote cannot
// occur in a Windows file name, so one is rejected.
func commandLine(exe string, args []string) (string, error) {
	if exe == "" || strings.ContainsAny(exe, "\"\x00") {
		return "", fmt.Errorf("invalid executable path %q", exe)
	}
	var b strings.Builder
	b.WriteString(`"` + exe + `"`)
	for _, a := range args {
		b.WriteByte(' ')
		b.WriteString(escapeArg(a))
	}
	return b.String(), nil
}

// escapeArg quotes one argument for CommandLineToArgvW: backslashes are
// literal except before a quote, where 2n backslashes + quote mean n
// backslashes and a literal quote needs an odd count.
func escapeArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\v\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	// Backslashes before the closing quote must be doubled too.
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// isAbsWindowsPath reports whether p is absolute by Windows rules (a drive
// letter and a separator, or a UNC path); filepath.IsAbs on Linux cannot tell.
func isAbsWindowsPath(p string) bool {
	if strings.HasPrefix(p, `\\`) {
		return len(p) > 2
	}
	return len(p) >= 3 && (p[0]|0x20) >= 'a' && (p[0]|0x20) <= 'z' && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}
