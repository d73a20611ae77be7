package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/internal/testtemp"
	"github.com/svcpack/svcpack/service"
	"github.com/svcpack/svcpack/service/exitcode"
)

const defaultConfigText = `{
  "listen": "127.0.0.1:8080",
  "demo_delay_endpoint": false
}
`

func TestFirstStartWritesDefaultsAndNeverOverwrites(t *testing.T) {
	dir := filepath.Join(testtemp.Dir(t), "hellosvc") // does not exist yet
	path := filepath.Join(dir, "config.json")

	v, err := conf.WithPath(path).Load()
	if err != nil {
		t.Fatal(err)
	}
	if v.Text("listen") != "127.0.0.1:8080" || v.Bool("demo_delay_endpoint") {
		t.Errorf("first start: config %+v, want the defaults", v.Effective())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != defaultConfigText {
		t.Errorf("defaults written as\n%s\nwant\n%s", got, defaultConfigText)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want config.json only (no temp file left)", len(entries))
	}

	// An admin's edit, in their own format, with a key left to its default.
	edited := "\xEF\xBB\xBF{\"demo_delay_endpoint\":true}" // Notepad's BOM, no newline
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err = conf.WithPath(path).Load()
	if err != nil {
		t.Fatal(err)
	}
	if v.Text("listen") != "127.0.0.1:8080" || !v.Bool("demo_delay_endpoint") {
		t.Errorf("edited config read as %+v, want listen's default and demo_delay_endpoint true", v.Effective())
	}
	if got, _ := os.ReadFile(path); string(got) != edited {
		t.Errorf("an existing config was rewritten: %q, want %q", got, edited)
	}
}

func TestBadConfigIsAConfigErrorAndBindsNothing(t *testing.T) {
	addr := freeAddr(t)
	listen := `"listen": "` + addr + `"`
	for _, tc := range []struct {
		name, content string
		want          []string // one line per problem, after "config <path>: "
	}{
		{"not host:port", `{"listen": "8080"}`,
			[]string{`"listen": "8080" is not host:port (expected e.g. "127.0.0.1:8080")`}},
		{"port 0", `{"listen": "127.0.0.1:0"}`,
			[]string{`"listen": "127.0.0.1:0" has no port between 1 and 65535 (expected e.g. "127.0.0.1:8080")`}},
		{"port name", `{"listen": "localhost:http"}`,
			[]string{`"listen": "localhost:http" has no port between 1 and 65535 (expected e.g. "127.0.0.1:8080")`}},
		{"listen number", `{"listen": 8080}`,
			[]string{`"listen": 8080 is not a string (expected e.g. "127.0.0.1:8080")`}},
		{"listen null", `{"listen": null}`,
			[]string{`"listen": null is not a string (expected e.g. "127.0.0.1:8080")`}},
		{"bool as string", `{` + listen + `, "demo_delay_endpoint": "yes"}`,
			[]string{`"demo_delay_endpoint": "yes" is not a boolean (expected true or false)`}},
		{"value shown compact", "{" + listen + ", \"demo_delay_endpoint\": [ 1,\n 2 ]}",
			[]string{`"demo_delay_endpoint": [1,2] is not a boolean (expected true or false)`}},
		{"unknown key", `{` + listen + `, "lisen": ":80"}`,
			[]string{`unknown key "lisen" (known keys: "listen", "demo_delay_endpoint")`}},
		{"repeated key", `{` + listen + `, ` + listen + `}`,
			[]string{`key "listen" appears more than once`}},
		{"every problem at once", `{"listen": "x", "demo_delay_endpoint": 1}`, []string{
			`"listen": "x" is not host:port (expected e.g. "127.0.0.1:8080")`,
			`"demo_delay_endpoint": 1 is not a boolean (expected true or false)`,
		}},
		{"trailing comma", "{\n  " + listen + ",\n}\n",
			[]string{`line 3, column 1: invalid character '}' looking for beginning of object key string`}},
		{"column counts characters, not bytes", "{\n  \"é\": tru\n}",
			[]string{`line 2, column 11: invalid character '\n' in literal true (expecting 'e')`}},
		{"truncated", "{" + listen,
			[]string{`line 1, column ` + strconv.Itoa(len(listen)+1) + `: unexpected end of JSON input`}},
		{"not an object", `["` + addr + `"]`,
			[]string{`is not a JSON object (expected e.g. {"listen": "127.0.0.1:8080"})`}},
		{"empty", " \n", []string{`is empty: delete it to get the defaults at the next start`}},
		{"UTF-16", "\xFF\xFE{\x00}\x00", []string{`is UTF-16 text: save it as UTF-8`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfigFile(t, tc.content)
			readyCalled := false
			err := run(context.Background(), path, func() { readyCalled = true })

			var want []string
			for _, line := range tc.want {
				want = append(want, "config "+path+": "+line)
			}
			if err == nil || err.Error() != strings.Join(want, "\n") {
				t.Fatalf("error:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
			}
			if code := service.ExitCode(err); code != exitcode.Config {
				t.Errorf("exit code %d, want %d (config)", code, exitcode.Config)
			}
			if readyCalled {
				t.Error("ready was called for an invalid config")
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				t.Fatalf("%s is still bound after a config error: %v", addr, err)
			}
			ln.Close()
		})
	}
}
