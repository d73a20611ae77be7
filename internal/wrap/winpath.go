package wrap

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/svcpack/svcpack/internal/winname"
	"github.com/svcpack/svcpack/service/clip"
)

// PathKind is what CheckPath found a path of the config file to be.
type PathKind int

// The paths the config file may hold.
const (
	PathInvalid  PathKind = iota
	PathRelative          // below the exe's folder
	PathAbsolute          // on a drive: X:\...
)

// PathForm is the rule CheckPath applies, said the way a message expects it.
const PathForm = `a path relative to the exe's folder (no "..", no drive, no leading \ or /) ` +
	`or an absolute path on a drive, such as C:\Program Files\MyApp\app.exe`

// maxNameUTF16 is NTFS's limit of a name, in UTF-16 units.
const maxNameUTF16 = 255

// CheckPath is the one rule for the paths the wrapper's config names
// (program, working_dir, env.files, output.dir), applied by svcwrap's parser
// and by svcpack's check of a product's wrap section alike. A path is either
// relative to the exe's folder or absolute on a drive letter; what Windows
// resolves against per-process state (the current drive, C:x.exe against
// C:'s current folder) or hands to another namespace (\\server\share, \\?\,
// \\.\, \??\, \Device\) is refused, as is each name Windows would not keep
// as written. It returns the kind, or PathInvalid and what is wrong.
func CheckPath(p string) (PathKind, string) {
	kind, rest := PathRelative, p
	switch {
	case p == "":
		return PathInvalid, "an empty path"
	case !utf8.ValidString(p):
		return PathInvalid, "bytes that are not UTF-8 text"
	case len(p) >= 2 && isPathSep(p[0]) && isPathSep(p[1]):
		return PathInvalid, `a UNC or device path (\\server\share, \\?\, \\.\): only paths on a local drive letter are taken`
	case isPathSep(p[0]):
		return PathInvalid, `a path rooted on no drive (\x.exe means the current drive; \??\ and \Device\ are NT paths): give the drive, C:\...`
	case len(p) >= 2 && p[1] == ':' && isDriveLetter(p[0]):
		if len(p) == 2 || !isPathSep(p[2]) {
			return PathInvalid, "a drive-relative path (" + p[:2] + "x.exe is taken from the drive's current folder): write " + p[:2] + `\ and the folders`
		}
		kind, rest = PathAbsolute, p[3:]
	}
	if kind == PathAbsolute && rest == "" {
		return kind, "" // the drive's root
	}
	names := strings.Split(strings.ReplaceAll(rest, `\`, "/"), "/")
	if len(names) > 1 && names[len(names)-1] == "" {
		names = names[:len(names)-1] // a folder's trailing separator
	}
	for _, name := range names {
		if name == "" {
			return PathInvalid, "an empty name between two separators"
		}
		if why := pathNameProblem(name); why != "" {
			return PathInvalid, "the name " + clip.Quote(name) + ": " + why
		}
	}
	return kind, ""
}

// pathNameProblem says what is wrong with one name of a path; "" if nothing.
// "." is the folder itself; every other name is one Windows keeps as written.
func pathNameProblem(name string) string {
	if name == "." {
		return ""
	}
	if name == ".." {
		return `".." leaves the folder: name the path without it`
	}
	for _, r := range name {
		switch {
		case unicode.IsControl(r):
			return fmt.Sprintf("the control character U+%04X", r)
		case r != ' ' && (unicode.IsSpace(r) || !unicode.IsPrint(r)):
			return fmt.Sprintf("the whitespace or invisible character U+%04X (a plain space inside a name is the only one taken)", r)
		case strings.ContainsRune(`<>:"|?*`, r):
			return fmt.Sprintf("the character %q, which Windows does not allow in a name (< > : \" | ? *)", r)
		}
	}
	switch {
	case strings.HasPrefix(name, " ") || strings.HasSuffix(name, " "):
		return "a space at its start or end: Windows drops a trailing one, and a leading one is easily missed"
	case strings.HasSuffix(name, "."):
		return "a dot at its end: Windows drops it, and the path would name another file"
	case winname.IsDevice(name):
		return "a DOS device name (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$, CONOUT$, with any extension): Windows opens the device instead"
	case len(utf16.Encode([]rune(name))) > maxNameUTF16:
		return fmt.Sprintf("over %d characters, NTFS's limit for a name", maxNameUTF16)
	}
	return ""
}

func isPathSep(b byte) bool { return b == '\\' || b == '/' }

func isDriveLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }
