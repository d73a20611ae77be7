package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcpack/svcpack/internal/testtemp"
)

// old is an mtime no write in this test can produce.
var old = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// userConfig writes an admin-edited config (own format, a key left out) with
// an old mtime.
func userConfig(t *testing.T, content string) string {
	t.Helper()
	path := writeConfigFile(t, content)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return path
}

func assertUntouched(t *testing.T, path, content string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content || !st.ModTime().Equal(old) {
		t.Errorf("config changed: %q mtime %v, want %q mtime %v", got, st.ModTime(), content, old)
	}
}

func TestSettingsRejectBadInputNamingKeyValueAndForm(t *testing.T) {
	const edited = `{"listen":"0.0.0.0:9000"}`
	for _, tc := range []struct {
		kv   map[string]string
		want string
	}{
		{map[string]string{"listen": "8080"},
			`"listen": "8080" is not host:port (expected e.g. "127.0.0.1:8080")`},
		{map[string]string{"demo_delay_endpoint": "yes"},
			`"demo_delay_endpoint": "yes" is not a boolean (expected true, false, 1 or 0)`},
		{map[string]string{"lisen": ""},
			`unknown key "lisen" (known keys: "listen", "demo_delay_endpoint")`},
		{map[string]string{"listen": "127.0.0.1:1", "port": "1", "demo_delay_endpoint": "2"},
			`"demo_delay_endpoint": "2" is not a boolean (expected true, false, 1 or 0)` + "\n" +
				`unknown key "port" (known keys: "listen", "demo_delay_endpoint")`},
	} {
		path := userConfig(t, edited)
		s := conf.WithPath(path)
		if err := s.Validate(tc.kv); err == nil || err.Error() != tc.want {
			t.Errorf("Validate(%v):\n%v\nwant:\n%s", tc.kv, err, tc.want)
		}
		if err := s.Apply(tc.kv); err == nil || err.Error() != tc.want {
			t.Errorf("Apply(%v):\n%v\nwant:\n%s", tc.kv, err, tc.want)
		}
		assertUntouched(t, path, edited)
	}

	missing := filepath.Join(testtemp.Dir(t), "config.json")
	if err := conf.WithPath(missing).Validate(map[string]string{"listen": "127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("Validate created %s", missing)
	}
}

func TestSettingsApplyWithoutChangeKeepsTheFile(t *testing.T) {
	const edited = "{ \"listen\": \"0.0.0.0:9000\",\n\"demo_delay_endpoint\": true }"
	for _, kv := range []map[string]string{
		nil,
		{"listen": "", "demo_delay_endpoint": ""}, // an MSI passes unset properties empty
		{"listen": "0.0.0.0:9000", "demo_delay_endpoint": "1"},
	} {
		path := userConfig(t, edited)
		if err := conf.WithPath(path).Apply(kv); err != nil {
			t.Fatalf("Apply(%v): %v", kv, err)
		}
		assertUntouched(t, path, edited)
	}
}

func TestSettingsApplyChangesOnlyTheGivenKeys(t *testing.T) {
	path := userConfig(t, `{"demo_delay_endpoint": true}`)
	if err := conf.WithPath(path).Apply(map[string]string{"listen": ":9090", "demo_delay_endpoint": ""}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "{\n  \"listen\": \":9090\",\n  \"demo_delay_endpoint\": true\n}\n"; string(got) != want {
		t.Errorf("config after Apply:\n%s\nwant:\n%s", got, want)
	}
}

func TestSettingsApplyCreatesTheConfig(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "hellosvc", "config.json")
	if err := conf.WithPath(path).Apply(nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != defaultConfigText {
		t.Errorf("config created by Apply(nil):\n%s\nwant the defaults", got)
	}

	path = filepath.Join(testtemp.Dir(t), "config.json")
	if err := conf.WithPath(path).Apply(map[string]string{"listen": "10.0.0.1:80"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "{\n  \"listen\": \"10.0.0.1:80\",\n  \"demo_delay_endpoint\": false\n}\n" {
		t.Errorf("config created by Apply(listen):\n%s", got)
	}
}

func TestSettingsApplyRefusesABrokenConfig(t *testing.T) {
	const broken = `{"listen": "127.0.0.1:80",`
	path := userConfig(t, broken)
	err := conf.WithPath(path).Apply(map[string]string{"listen": "127.0.0.1:81"})
	if err == nil {
		t.Fatal("Apply over a broken config succeeded")
	}
	assertUntouched(t, path, broken)
}

// A repair or upgrade passes empty properties: an invalid config the admin
// left must not fail it (and is left exactly as it is).
func TestSettingsApplyWithNothingGivenIgnoresAnInvalidConfig(t *testing.T) {
	const broken = `{"listen": "8080"}`
	path := writeConfigFile(t, broken)
	if err := conf.WithPath(path).Apply(map[string]string{"listen": "", "demo_delay_endpoint": ""}); err != nil {
		t.Fatalf("Apply with nothing given: %v", err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != broken {
		t.Fatalf("config changed to %q, %v", b, err)
	}
	if err := conf.WithPath(path).Apply(map[string]string{"listen": "127.0.0.1:1"}); err == nil {
		t.Fatal("Apply of a value over an unreadable config succeeded")
	}
}

// TestSettingsSeedLeavesAnExistingConfig: Seed never touches a config that
// exists, edited, invalid or not even a file, whatever it is given (a plain
// repair or upgrade passes the remembered values: issue 9, finding 2).
func TestSettingsSeedLeavesAnExistingConfig(t *testing.T) {
	for _, content := range []string{
		"{ \"listen\": \"0.0.0.0:9000\" }",
		`{"listen": "8080"}`,
		`{"listen": `,
		"",
	} {
		path := userConfig(t, content)
		for range 20 {
			if err := conf.WithPath(path).Seed(map[string]string{"listen": "127.0.0.1:1234", "demo_delay_endpoint": "1"}); err != nil {
				t.Fatalf("Seed over %q: %v", content, err)
			}
		}
		assertUntouched(t, path, content)
	}
	dir := filepath.Join(testtemp.Dir(t), "config.json")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := conf.WithPath(dir).Seed(map[string]string{"listen": "127.0.0.1:1234"}); err != nil {
		t.Fatalf("Seed over a directory: %v", err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("the directory at the config path was replaced: %v", err)
	}
}

// TestSettingsSeedCreatesAMissingConfig: from the defaults with the
// remembered values applied; then Apply of the given values wins over them.
func TestSettingsSeedCreatesAMissingConfig(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "hellosvc", "config.json")
	s := conf.WithPath(path)
	if err := s.Seed(map[string]string{"listen": "10.0.0.1:80", "demo_delay_endpoint": ""}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "{\n  \"listen\": \"10.0.0.1:80\",\n  \"demo_delay_endpoint\": false\n}\n" {
		t.Errorf("config seeded from remembered values:\n%s", got)
	}
	// Given > file > remembered > default.
	if err := s.Apply(map[string]string{"demo_delay_endpoint": "1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(map[string]string{"listen": "10.0.0.2:80"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "{\n  \"listen\": \"10.0.0.1:80\",\n  \"demo_delay_endpoint\": true\n}\n" {
		t.Errorf("config after Apply and a second Seed:\n%s", got)
	}

	path = filepath.Join(testtemp.Dir(t), "config.json")
	if err := conf.WithPath(path).Seed(nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != defaultConfigText {
		t.Errorf("config seeded from nothing:\n%s\nwant the defaults", got)
	}
}

// TestSettingsSeedRefusesBadValues: a bad remembered value creates nothing.
func TestSettingsSeedRefusesBadValues(t *testing.T) {
	path := filepath.Join(testtemp.Dir(t), "config.json")
	err := conf.WithPath(path).Seed(map[string]string{"listen": "8080"})
	if err == nil || !strings.Contains(err.Error(), `"listen": "8080" is not host:port`) {
		t.Fatalf("Seed(listen=8080): %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a config was created: %v", err)
	}
}

// TestSettingsEchoesAreBounded: a hostile name or value (an installer hands
// them in) is echoed cut, with its length stated.
func TestSettingsEchoesAreBounded(t *testing.T) {
	long := strings.Repeat("\t--exe C:\\evil.exe ", 2000)
	for _, kv := range []map[string]string{{"listen": long}, {long: "x"}, {"demo_delay_endpoint": long}} {
		err := conf.Validate(kv)
		if err == nil || len(err.Error()) > 1000 || !strings.Contains(err.Error(), fmt.Sprintf("(%d bytes)", len(long))) {
			t.Errorf("Validate: %d-byte message %.200q", len(fmt.Sprint(err)), fmt.Sprint(err))
		}
	}
}
