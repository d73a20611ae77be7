// Package pathcases is the table of paths both users of the wrapper's one
// path rule (internal/wrap's CheckPath) are tested with: svcwrap's parser
// (internal/wrap) and svcpack's check of a product's wrap section
// (packaging/internal/product). One table, so the two cannot drift apart.
package pathcases

// Refused is a path CheckPath refuses, with a part of what it says.
type Refused struct{ Path, Says string }

// Hostile are the paths refused for program, working_dir, env.files and
// output.dir alike. Each ends in .exe so that only the path rule, not the
// program's extension, can refuse it.
var Hostile = []Refused{
	{`C:x.exe`, "drive-relative"},
	{`c:bin\x.exe`, "drive-relative"},
	{`\x.exe`, "rooted on no drive"},
	{`/x.exe`, "rooted on no drive"},
	{`\??\C:\x.exe`, "rooted on no drive"},
	{`\Device\HarddiskVolume1\x.exe`, "rooted on no drive"},
	{`\\server\share\x.exe`, "UNC or device"},
	{`//server/share/x.exe`, "UNC or device"},
	{`\\?\C:\x.exe`, "UNC or device"},
	{`\\.\C:\x.exe`, "UNC or device"},
	{`\\?\UNC\server\share\x.exe`, "UNC or device"},
	{`..\x.exe`, `".." leaves the folder`},
	{`bin/../../x.exe`, `".." leaves the folder`},
	{`C:\app\..\x.exe`, `".." leaves the folder`},
	{`bin\\x.exe`, "empty name"},
	{`C:\\x.exe`, "empty name"},
	{`C:\app.\x.exe`, "a dot at its end"},
	{`C:\app \x.exe`, "a space at its start or end"},
	{` x.exe`, "a space at its start or end"},
	{"C:\\app\tdir\\x.exe", "control character U+0009"},
	{"bin\nx\\x.exe", "control character U+000A"},
	{"bin\x00\\x.exe", "control character U+0000"},
	{"C:\\app\u00a0dir\\x.exe", "whitespace or invisible character U+00A0"},
	{"C:\\app\u3000dir\\x.exe", "whitespace or invisible character U+3000"},
	{"C:\\app\u2028\\x.exe", "whitespace or invisible character U+2028"},
	{"C:\\app\u202e\\x.exe", "whitespace or invisible character U+202E"},
	{"C:\\app\u200b\\x.exe", "whitespace or invisible character U+200B"},
	{`x.exe:stream.exe`, "does not allow in a name"},
	{`C:\a?b\x.exe`, "does not allow in a name"},
	{`C:\a"b\x.exe`, "does not allow in a name"},
	{`C:\app\CON\x.exe`, "DOS device name"},
	{`C:\app\nul.txt\x.exe`, "DOS device name"},
	{`C:\app\COM1.exe`, "DOS device name"},
}

// Accepted are paths CheckPath takes (as a program: each ends in .exe).
var Accepted = []string{
	`x.exe`,
	`bin\x.exe`,
	`bin/x.exe`,
	`.\bin\x.exe`,
	`C:\Program Files\My App\x.exe`,
	`c:/tools/x.exe`,
	`D:\svc\x.y.exe`,
	`C:\Programme\Müller\x.exe`,
}
