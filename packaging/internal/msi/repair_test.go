package msi

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestMaintenanceRefusesOnlyChanges runs the built MSI's checks, as its
// tables hold them, over the maintenance runs docs/install-behaviour.md
// describes: the InstallExecuteSequence custom actions before
// LaunchConditions (type 51, property setters), with AppSearch's results
// given as REMEMBERED_*. A value given again (a transform cached at install,
// which Windows Installer applies at every repair, or the same command line)
// that equals what the machine remembers is no change: neither a repair
// without m nor a standard user's repair is refused, and it is not written
// under Given, so the config file is not rewritten. A value that differs,
// even by case or a space, or that the machine does not remember, is a
// change: it needs m and an administrator. Unit test of the tables: the
// standard user's half is shown nowhere else (Wine and the elevated Windows
// CI job are administrators).
func TestMaintenanceRefusesOnlyChanges(t *testing.T) {
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	if err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	m := loadChecks(t, opts.Out)

	const listen, start, folder = "127.0.0.1:9000", "manual", `C:\Program Files\svcpack\hellosvc\`
	installed := map[string]string{"Installed": "1", "REINSTALL": "ALL", "EXISTING_SERVICE": `"C:\Program Files\svcpack\hellosvc\hellosvc.exe" service run`,
		"REMEMBERED_LISTEN": listen, "REMEMBERED_STARTTYPE": start, "REMEMBERED_INSTALLFOLDER": folder}
	with := func(base map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "<absent>" {
				delete(out, kv[i])
				continue
			}
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	admin := with(installed, "AdminUser", "1")
	const registry, needsAdmin = "ChangeNeedsRegistry", "ChangeNeedsAdmin"
	for _, c := range []struct {
		name    string
		props   map[string]string
		refused []string // the change checks that fire
		given   string   // what Given\listen gets ("": not applied over the config file)
	}{
		{"plain repair omus, nothing given, standard user", with(installed, "REINSTALLMODE", "omus"), nil, ""},
		{"repair pecms (no m), nothing given, standard user", with(installed, "REINSTALLMODE", "pecms"), nil, ""},
		{"plain repair omus, the transform's values equal the remembered ones, admin", with(admin, "REINSTALLMODE", "omus", "LISTEN", listen, "STARTTYPE", start), nil, ""},
		{"plain repair omus, the transform's values, standard user", with(installed, "REINSTALLMODE", "omus", "LISTEN", listen, "STARTTYPE", start), nil, ""},
		{"repair ous (no m), the transform's values, standard user", with(installed, "REINSTALLMODE", "ous", "LISTEN", listen, "STARTTYPE", start), nil, ""},
		{"maintenance /i, the installed values again, admin", with(admin, "REINSTALL", "<absent>", "LISTEN", listen, "STARTTYPE", start), nil, ""},
		{"repair ous, another LISTEN, admin", with(admin, "REINSTALLMODE", "ous", "LISTEN", "127.0.0.1:9001"), []string{registry}, "127.0.0.1:9001"},
		{"repair omus, another LISTEN, admin: applied", with(admin, "REINSTALLMODE", "omus", "LISTEN", "127.0.0.1:9001"), nil, "127.0.0.1:9001"},
		{"repair omus, another LISTEN, standard user", with(installed, "REINSTALLMODE", "omus", "LISTEN", "127.0.0.1:9001"), []string{needsAdmin}, "127.0.0.1:9001"},
		{"repair ous, another STARTTYPE, admin", with(admin, "REINSTALLMODE", "ous", "LISTEN", listen, "STARTTYPE", "auto"), []string{registry}, ""},
		{"repair omus, another STARTTYPE, standard user", with(installed, "REINSTALLMODE", "omus", "STARTTYPE", "auto"), []string{needsAdmin}, ""},
		{"repair ous, LISTEN differing in case only", with(admin, "REINSTALLMODE", "ous", "REMEMBERED_LISTEN", "localhost:9000", "LISTEN", "LOCALHOST:9000"), []string{registry}, "LOCALHOST:9000"},
		{"repair ous, LISTEN with a trailing space", with(admin, "REINSTALLMODE", "ous", "LISTEN", listen+" "), []string{registry}, listen + " "},
		{"repair ous, LISTEN with a leading tab", with(admin, "REINSTALLMODE", "ous", "LISTEN", "\t"+listen), []string{registry}, "\t" + listen},
		{"repair ous, LISTEN not remembered, standard user", with(installed, "REINSTALLMODE", "ous", "REMEMBERED_LISTEN", "<absent>", "LISTEN", listen), []string{registry, needsAdmin}, listen},
		{"repair omus, STARTTYPE not remembered, standard user", with(installed, "REINSTALLMODE", "omus", "REMEMBERED_STARTTYPE", "<absent>", "STARTTYPE", start), []string{needsAdmin}, ""},
		{"first install with LISTEN", map[string]string{"LISTEN": listen, "AdminUser": "1"}, nil, listen},
		{"upgrade, the remembered LISTEN given again", map[string]string{"LISTEN": listen, "REMEMBERED_LISTEN": listen, "WIX_UPGRADE_DETECTED": "{X}", "AdminUser": "1"}, nil, ""},
		{"uninstall with the transform's values, standard user", with(installed, "REMOVE", "ALL", "LISTEN", "127.0.0.1:9001"), nil, "127.0.0.1:9001"},
	} {
		props, fired := m.run(t, c.props)
		var refused []string
		for _, a := range fired {
			if a == registry || a == needsAdmin {
				refused = append(refused, a)
			}
		}
		if !slices.Equal(refused, c.refused) {
			t.Errorf("%s: change checks %v fired, want %v (InvalidProperty %q)", c.name, refused, c.refused, props["InvalidProperty"])
		}
		if len(c.refused) == 0 && props["InvalidProperty"] != "" {
			t.Errorf("%s: refused: %s", c.name, props["InvalidProperty"])
		}
		if got := m.format(m.givenListen, props); got != c.given {
			t.Errorf("%s: Given\\listen = %q, want %q", c.name, got, c.given)
		}
	}
}

// checks are an MSI's property-setting custom actions before LaunchConditions, in
// sequence order, and the Given\listen registry value.
type checks struct {
	actions     []checkAction
	givenListen string
}

type checkAction struct{ name, condition, property, value string }

func loadChecks(t *testing.T, pkg string) checks {
	t.Helper()
	seq, ca, reg := export(t, pkg, "InstallExecuteSequence"), export(t, pkg, "CustomAction"), export(t, pkg, "Registry")
	launch := atoi(t, seq.Find("Action", "LaunchConditions")[0]["Sequence"])
	rows := slices.Clone(seq.Rows)
	sort.SliceStable(rows, func(i, j int) bool { return atoi(t, rows[i]["Sequence"]) < atoi(t, rows[j]["Sequence"]) })
	var c checks
	for _, r := range rows {
		if atoi(t, r["Sequence"]) >= launch {
			break
		}
		def := ca.Find("Action", r["Action"])
		if len(def) == 0 {
			continue // a standard action: AppSearch's results are the test's REMEMBERED_*
		}
		typ, err := strconv.Atoi(def[0]["Type"])
		if err != nil || typ&0x3F != 51 {
			t.Fatalf("custom action %s before LaunchConditions has type %q: only property setters (51) are expected there", r["Action"], def[0]["Type"])
		}
		c.actions = append(c.actions, checkAction{r["Action"], r["Condition"], def[0]["Source"], def[0]["Target"]})
	}
	for _, r := range reg.Rows {
		if strings.HasSuffix(strings.TrimSuffix(r["Key"], `\`), `\Given`) && r["Name"] == "listen" {
			c.givenListen = r["Value"]
		}
	}
	if c.givenListen == "" {
		t.Fatal(`the Registry table has no Given\listen value`)
	}
	return c
}

// run sets the properties the actions set, as Windows Installer would, and
// returns them and the actions whose condition held.
func (c checks) run(t *testing.T, given map[string]string) (map[string]string, []string) {
	t.Helper()
	props := map[string]string{}
	for k, v := range given {
		props[k] = v
	}
	var fired []string
	for _, a := range c.actions {
		ok, err := evalCondition(a.condition, props)
		if err != nil {
			t.Fatalf("%s: %v", a.name, err)
		}
		if ok {
			fired = append(fired, a.name)
			props[a.property] = c.format(a.value, props)
		}
	}
	return props, fired
}

var propertyRef = regexp.MustCompile(`\[([A-Za-z_][A-Za-z0-9_.]*)\]`)

// format replaces [PROPERTY] by its value, as a formatted column does.
func (checks) format(s string, props map[string]string) string {
	return propertyRef.ReplaceAllStringFunc(s, func(ref string) string { return props[ref[1:len(ref)-1]] })
}
