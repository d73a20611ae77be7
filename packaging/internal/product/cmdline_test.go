package product

import (
	"strconv"
	"strings"
	"testing"
)

// argvSplit splits a command line the Microsoft C way (CommandLineToArgvW,
// the C runtime): spaces and tabs separate arguments outside quotes; 2n
// backslashes before a quote are n backslashes and the quote toggles
// quoting, 2n+1 are n and a literal quote; "" inside quotes is a literal
// quote.
func argvSplit(line string) []string {
	var args []string
	var cur strings.Builder
	in, have := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\':
			n := 0
			for i < len(line) && line[i] == '\\' {
				n++
				i++
			}
			if i < len(line) && line[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
				} else {
					i-- // the quote is handled below
				}
			} else {
				cur.WriteString(strings.Repeat(`\`, n))
				i--
			}
			have = true
		case c == '"':
			if in && i+1 < len(line) && line[i+1] == '"' {
				cur.WriteByte('"')
				i++
			} else {
				in = !in
			}
			have = true
		case (c == ' ' || c == '\t') && !in:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args
}

// msiexecSplit splits a command line by msiexec's documented quoting:
// quotes group, "" inside quotes is a quote, and a backslash is a
// character like any other.
func msiexecSplit(line string) []string {
	var args []string
	var cur strings.Builder
	in, have := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '"':
			if in && i+1 < len(line) && line[i+1] == '"' {
				cur.WriteByte('"')
				i++
			} else {
				in = !in
			}
			have = true
		case (c == ' ' || c == '\t') && !in:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args
}

// TestPropertyArg: issue 18. Every printed NAME=value is one argument that
// both splitters read as the value it stands for, and a value no quoting
// makes safe for cmd.exe is refused.
func TestPropertyArg(t *testing.T) {
	for _, c := range []struct{ name, value, want, means string }{
		{"LISTEN", "127.0.0.1:8080", "LISTEN=127.0.0.1:8080", ""},
		{"TOKEN", "", `TOKEN=""`, ""},
		{"TOKEN", "a b", `TOKEN="a b"`, ""},
		{"TOKEN", "a\u00a0b", "TOKEN=\"a\u00a0b\"", ""}, // no-break space
		{"TOKEN", "a\u2003b", "TOKEN=\"a\u2003b\"", ""}, // em space
		{"TOKEN", `C:\dir\`, `TOKEN=C:\dir\`, ""},       // unquoted: a backslash is plain text to both
		{"INSTALLFOLDER", `C:\`, `INSTALLFOLDER=C:\`, ""},
		{"INSTALLFOLDER", `D:\x y\`, `INSTALLFOLDER="D:\x y"`, `D:\x y`}, // a folder without its trailing separator
		{"INSTALLFOLDER", `C:\Program Files\svcpack\hellosvc\\`, `INSTALLFOLDER="C:\Program Files\svcpack\hellosvc"`, `C:\Program Files\svcpack\hellosvc`},
		{"INSTALLFOLDER", `C:\Program Files\x`, `INSTALLFOLDER="C:\Program Files\x"`, ""},
	} {
		got, err := PropertyArg(c.name, c.value)
		if err != nil || got != c.want {
			t.Errorf("PropertyArg(%s, %q) = %q, %v; want %q", c.name, c.value, got, err, c.want)
			continue
		}
		means := c.value
		if c.means != "" {
			means = c.means
		}
		line := `msiexec /i "x.msi" ` + got + ` /qn /norestart /l*v "%WINDIR%\Temp\x_install.log"`
		for split, args := range map[string][]string{"CommandLineToArgvW": argvSplit(line), "msiexec": msiexecSplit(line)} {
			if len(args) != 8 || args[3] != c.name+"="+means || args[4] != "/qn" {
				t.Errorf("%s reads %q as %q, want %s=%q as the fourth of 8 arguments", split, line, args, c.name, means)
			}
		}
	}
	for _, c := range []struct{ name, value, want string }{
		{"TOKEN", "ab&calc", `"ab&calc" holds '&', which cmd.exe or msiexec would act on`},
		{"TOKEN", "a|b", `holds '|'`},
		{"TOKEN", "a^b", `holds '^'`},
		{"TOKEN", "100%", `holds '%'`},
		{"TOKEN", "%PATH%", `holds '%'`},
		{"TOKEN", "a<b", `holds '<'`},
		{"TOKEN", "a>b", `holds '>'`},
		{"TOKEN", "a!b", `holds '!'`},
		{"TOKEN", `a"b`, `holds '"'`},
		{"TOKEN", `a" /x "b`, `holds '"'`},
		{"TOKEN", "a\tb", "control or format character U+0009"},
		{"TOKEN", "a\nb", "control or format character U+000A"},
		{"TOKEN", "a\u202eb", "control or format character U+202E"},
		{"TOKEN", "a\x00b", "control or format character U+0000"},
		{"TOKEN", `D:\x y\`, `"D:\\x y\\" needs quotes (it holds a space) and ends in a backslash`},
		{"INSTALLFOLDER", `D:\a&calc`, `holds '&'`},
	} {
		if got, err := PropertyArg(c.name, c.value); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("PropertyArg(%s, %q) = %q, %v; want an error with %q", c.name, c.value, got, err, c.want)
		}
	}
}

// TestGoodExamplesArePrintable: a good example the pattern accepts but no
// command line prints safely is refused at load, naming the example.
func TestGoodExamplesArePrintable(t *testing.T) {
	const old = `'D:\Services\hellosvc'`
	for _, c := range []struct{ example, want string }{
		{`'D:\a&calc'`, `"D:\\a&calc" holds '&'`},
		{`'D:\100%x'`, `holds '%'`},
		{`'D:\a^b'`, `holds '^'`},
		{`'D:\a!b'`, `holds '!'`},
		{"\"D:\\\\a\\u202eb\"", "control or format character U+202E"},
	} {
		src := edit(t, base(t), old, c.example)
		_, err := Parse("svcpack.yaml", []byte(src))
		prefix := "svcpack.yaml:" + strconv.Itoa(lineOf(t, src, c.example)) + ": properties[2].examples.good[1]: "
		if err == nil || !strings.Contains(err.Error(), prefix) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("example %s: err = %v, want %q and %q", c.example, err, prefix, c.want)
		}
	}
	if _, err := Parse("svcpack.yaml", []byte(edit(t, base(t), old, `'D:\My Services\hellosvc\'`))); err != nil {
		t.Errorf("a folder with a space and a trailing backslash: %v", err)
	}
}
