package msi

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// withSettings is svcpack.yaml with n more properties that reach settings
// (PORT1 .. PORTn, settings port1 .. portn).
func withSettings(t *testing.T, n int) *product.Product {
	t.Helper()
	b, err := os.ReadFile("../../../" + product.FileName)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	var keys, props []string
	for i := 1; i <= n; i++ {
		keys = append(keys, fmt.Sprintf("port%d", i))
		props = append(props, fmt.Sprintf(`  - name: PORT%d
    description: "A port of the test."
    pattern: '[1-9][0-9]{0,4}'
    setting: port%d
    remembered: true
    examples:
      good: ["%d"]
      bad: ["0", "x1"]
`, i, i, 8080+i))
	}
	const settings = "settings: [listen, demo_delay_endpoint]"
	const properties = "properties:\n"
	if !strings.Contains(src, settings) || !strings.Contains(src, properties) {
		t.Fatalf("svcpack.yaml has no %q or %q", settings, properties)
	}
	src = strings.Replace(src, settings, "settings: [listen, demo_delay_endpoint, "+strings.Join(keys, ", ")+"]", 1)
	src = strings.Replace(src, properties, properties+strings.Join(props, ""), 1)
	p, err := product.Parse(product.FileName, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// settingProps are p's properties with a setting.
func settingProps(p *product.Product) []product.Property {
	var out []product.Property
	for _, prop := range p.Properties {
		if prop.Setting != "" {
			out = append(out, prop)
		}
	}
	return out
}

// TestEveryPropertyGetsItsRows: for the repository's products (hellosvc,
// wrapdemo: no .wxs of their own) and for products with two and three
// properties with a setting, the rendered package has each property's rows,
// under identifiers from its setting, and passes the lint, whose
// setting-rows rule checks them all. Replaces the hand-kept copies' test
// (TestRepositoryWxsIsTheTemplate): nothing is copied any more.
func TestEveryPropertyGetsItsRows(t *testing.T) {
	wrap, dir := wrapDemo(t)
	for _, c := range []struct {
		name string
		p    *product.Product
		opts func(*testing.T, *product.Product) Options
	}{
		{"hellosvc", repoProduct(t), nil},
		{"wrapdemo", wrap, func(t *testing.T, p *product.Product) Options { return wrapOptions(t, p, dir+"/out.msi") }},
		{"two", withSettings(t, 1), nil},
		{"three", withSettings(t, 2), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.p.WXS != "" {
				t.Fatalf("%s has wxs: %s; the repository's products are rendered", c.name, c.p.WXS)
			}
			opts := testOptions(t, fakeExe(t, "x"), AMD64)
			if c.opts != nil {
				opts = c.opts(t, c.p)
			}
			opts.Product = c.p
			if err := Build(context.Background(), opts); err != nil {
				t.Fatal(err) // the lint, setting-rows included
			}
			settings := settingProps(c.p)
			if got := len(Want(c.p, AMD64, "").Settings); got != len(settings) {
				t.Fatalf("the lint checks %d settings' rows, the product has %d", got, len(settings))
			}
			ca := export(t, opts.Out, "CustomAction")
			seq := export(t, opts.Out, "InstallExecuteSequence")
			ui := export(t, opts.Out, "InstallUISequence")
			reg := export(t, opts.Out, "Registry")
			search := export(t, opts.Out, "AppSearch")
			key := c.p.InstallerKey()
			for _, prop := range settings {
				id := camel(prop.Setting)
				for action, target := range map[string]string{
					"Invalid" + id:        "", // checked below
					"KeepGiven" + id:      "[" + prop.Name + "]",
					"KeepRemembered" + id: "[REMEMBERED_" + prop.Name + "]",
					"Changed" + id:        "[" + prop.Name + "]",
				} {
					rows := ca.Find("Action", action)
					if len(rows) != 1 || (target != "" && rows[0]["Target"] != target) {
						t.Errorf("%s: custom action %s = %v, want one setting %q", prop.Name, action, rows, target)
					}
					if len(seq.Find("Action", action)) != 1 {
						t.Errorf("%s: %s not in InstallExecuteSequence", prop.Name, action)
					}
				}
				if rows := ca.Find("Action", "Invalid"+id); len(rows) == 1 && !strings.Contains(rows[0]["Target"], prop.Name+`="[`+prop.Name+`]" is not valid`) {
					t.Errorf("%s: validation message %q does not name the property and its value", prop.Name, rows[0]["Target"])
				}
				if len(ui.Find("Action", "Invalid"+id)) != 1 {
					t.Errorf("%s: Invalid%s not in InstallUISequence", prop.Name, id)
				}
				if len(search.Find("Property", "REMEMBERED_"+prop.Name)) != 1 {
					t.Errorf("%s: no AppSearch of REMEMBERED_%s", prop.Name, prop.Name)
				}
				for sub, value := range map[string]string{"Remembered": "[Keep" + id + "]", "Given": "[Changed" + id + "]"} {
					found := false
					for _, r := range reg.Find("Name", prop.Setting) {
						found = found || (strings.TrimSuffix(r["Key"], `\`) == key+`\`+sub && r["Value"] == value)
					}
					if !found {
						t.Errorf("%s: no registry value %s\\%s\\%s = %s", prop.Name, key, sub, prop.Setting, value)
					}
				}
				for _, check := range []string{"ChangeNeedsRegistry", "ChangeNeedsAdmin"} {
					if rows := seq.Find("Action", check); len(rows) != 1 || !strings.Contains(rows[0]["Condition"], "Changed"+id+" OR") {
						t.Errorf("%s: %s's condition %v does not name Changed%s", prop.Name, check, rows, id)
					}
				}
			}
			checkSequence(t, seq, ui)
		})
	}
}

// checkSequence: every sequence number is used once, and each action that
// sets InvalidProperty runs after AppSearch and before LaunchConditions.
func checkSequence(t *testing.T, tables ...msidb.Table) {
	t.Helper()
	for _, tab := range tables {
		at := map[int]string{}
		num := func(action string) int {
			rows := tab.Find("Action", action)
			if len(rows) != 1 {
				t.Fatalf("%s rows: %v", action, rows)
			}
			n, _ := strconv.Atoi(rows[0]["Sequence"])
			return n
		}
		search, launch, validate := num("AppSearch"), num("LaunchConditions"), num("ValidateProductID")
		if launch >= validate {
			t.Errorf("LaunchConditions at %d, not before ValidateProductID at %d", launch, validate)
		}
		for _, r := range tab.Rows {
			n, err := strconv.Atoi(r["Sequence"])
			if err != nil || n <= 0 {
				continue // not sequenced
			}
			if other, dup := at[n]; dup {
				t.Errorf("%s and %s share sequence number %d", other, r["Action"], n)
			}
			at[n] = r["Action"]
			if strings.HasPrefix(r["Action"], "Invalid") || strings.HasPrefix(r["Action"], "ChangeNeeds") {
				if n <= search || n >= launch {
					t.Errorf("%s at %d, outside AppSearch (%d) .. LaunchConditions (%d)", r["Action"], n, search, launch)
				}
			}
		}
	}
}

// TestManySettingsMoveLaunchConditions: more properties than fit below
// LaunchConditions' usual 100 move it up, never past ValidateProductID, and
// the package still passes the lint; one too many is refused by name.
func TestManySettingsMoveLaunchConditions(t *testing.T) {
	p := withSettings(t, 20)
	opts := testOptions(t, fakeExe(t, "x"), AMD64)
	opts.Product = p
	if err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	seq, ui := export(t, opts.Out, "InstallExecuteSequence"), export(t, opts.Out, "InstallUISequence")
	checkSequence(t, seq, ui)
	if got := seq.Find("Action", "LaunchConditions")[0]["Sequence"]; atoi(t, got) <= launchConditionsSequence {
		t.Errorf("LaunchConditions at %s with 21 settings: not moved", got)
	}

	rows := make([]settingRows, maxSettings)
	if _, err := allocateSequence(rows); err != nil {
		t.Errorf("%d settings: %v", maxSettings, err)
	}
	rows = append(rows, settingRows{})
	if _, err := allocateSequence(rows); err == nil || !strings.Contains(err.Error(), "ValidateProductID") {
		t.Errorf("%d settings: %v, want a refusal naming ValidateProductID", len(rows), err)
	}
}

// TestOneSettingKeepsTheEarlierLayout: with one setting the numbers are those
// of the hand-kept sources the rendered one replaces (51 to 69,
// LaunchConditions at 100), so hellosvc's package is sequenced as before.
func TestOneSettingKeepsTheEarlierLayout(t *testing.T) {
	rows := []settingRows{{}}
	f, err := allocateSequence(rows)
	if err != nil {
		t.Fatal(err)
	}
	got := []int{f.GivenStartType, f.RecallStartType, f.DefaultStartType, f.InvalidStartType,
		rows[0].Seq.Invalid, rows[0].Seq.KeepGiven, rows[0].Seq.KeepRemembered,
		f.InvalidInstallFolder, f.InvalidRemoveData, f.GivenFolder, f.GivenFolderSlash, f.InstallFolderMoved, f.RecallInstallFolder,
		f.ChangedStartType, rows[0].Seq.Changed, f.ChangeNeedsRegistry, f.ChangeNeedsAdmin, f.ForeignService, f.ProductDumpFolder,
		f.LaunchConditions}
	want := []int{51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 100}
	if !slices.Equal(got, want) {
		t.Errorf("sequence %v, want %v", got, want)
	}
}

// TestLaunchCheckFromThePattern: the check rendered for a property's pattern
// never refuses a value the pattern accepts (the good examples), refuses what
// its shape can tell (the bad examples it names), and says nothing for a
// value not given. evalCondition runs the rendered condition itself.
func TestLaunchCheckFromThePattern(t *testing.T) {
	for _, c := range []struct {
		pattern   string
		good, bad []string
		passes    []string // refused by the pattern, but not by the shape: the program's check
		want      string   // the condition, unescaped; "" not compared
	}{
		{pattern: `auto|delayed-auto|manual`, good: []string{"auto", "manual"}, bad: []string{"AUTO", "auto manual", "x"},
			want: `P AND NOT (P = "auto" OR P = "delayed-auto" OR P = "manual")`},
		{pattern: `([A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])`,
			good: []string{"127.0.0.1:8080", ":9090", "[::1]:80"}, bad: []string{"8080", "127.0.0.1:", "127.0.0.1:80x"}, passes: []string{"127.0.0.1:0", "x y:80"},
			want: `P AND NOT (P >< ":" AND (P >> "0" OR P >> "1" OR P >> "2" OR P >> "3" OR P >> "4" OR P >> "5" OR P >> "6" OR P >> "7" OR P >> "8" OR P >> "9"))`},
		{pattern: `[A-Za-z]:\\[^<>:"/|?*\x00-\x1f]*`, good: []string{`C:\data`, `d:\`}, bad: []string{`data`, `1:\x`, `\\server\share`}, passes: []string{`C:\a|b`}},
		{pattern: `https://[a-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9/_.-]*`, good: []string{"https://example.com/a", "https://h:8443/"}, bad: []string{"http://example.com/", "example.com"}},
		// All digits: the installer compares such a value as an integer,
		// where << and >> are bitwise, so it takes the program's check alone.
		{pattern: `[1-9][0-9]{0,4}`, good: []string{"1", "65535"}, bad: []string{"x1", "1x"}, passes: []string{"0", "-1", "1-9", "123456"}},
		{pattern: `[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]`,
			good: []string{"8080", "9090", "1", "65535"}, bad: []string{"x8080", "8080x", ":8080"}, passes: []string{"0", "65536", "80 81"}},
		{pattern: `((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})?:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])`,
			good: []string{"127.0.0.1:8091", ":9091"}, bad: []string{"localhost:8091", "8091:", "x:1"}, passes: []string{"1:1", "127.0.0.01:8091"},
			want: `P AND NOT (P >< ":" AND (P << "0" OR P << "1" OR P << "2" OR P << "3" OR P << "4" OR P << "5" OR P << "6" OR P << "7" OR P << "8" OR P << "9" OR P << ":") AND (P >> "0" OR P >> "1" OR P >> "2" OR P >> "3" OR P >> "4" OR P >> "5" OR P >> "6" OR P >> "7" OR P >> "8" OR P >> "9"))`},
		{pattern: `(?i)on|off`, good: []string{"on", "OFF", "oN"}, bad: []string{"yes"}},
	} {
		t.Run(c.pattern, func(t *testing.T) {
			sh, err := shapeOf(c.pattern)
			if err != nil {
				t.Fatal(err)
			}
			cond := sh.condition("P")
			if cond == "" {
				t.Fatal("no condition")
			}
			raw := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(cond)
			if c.want != "" && raw != c.want {
				t.Errorf("condition\n %s\nwant\n %s", raw, c.want)
			}
			refused := func(v string) bool {
				got, err := evalCondition(raw, map[string]string{"P": v})
				if err != nil {
					t.Fatal(err)
				}
				if got == sh.accepts(v) && v != "" {
					t.Errorf("%q: the condition refuses it: %v, shape.accepts: %v", v, got, sh.accepts(v))
				}
				return got
			}
			re, _ := product.Compile(c.pattern)
			for _, v := range append(c.good, "") {
				if v != "" && !re.MatchString(v) {
					t.Fatalf("good %q does not match the pattern", v)
				}
				if refused(v) {
					t.Errorf("%q refused: the check must never refuse what the pattern accepts (or what is not given)", v)
				}
			}
			for _, v := range c.bad {
				if re.MatchString(v) {
					t.Fatalf("bad %q matches the pattern", v)
				}
				if !refused(v) {
					t.Errorf("%q let through", v)
				}
			}
			for _, v := range c.passes {
				if re.MatchString(v) || refused(v) {
					t.Errorf("%q: want a value the pattern refuses and the shape lets through", v)
				}
			}
		})
	}
}

// TestPatternWithoutShapeIsRefused: a pattern the condition language can
// test nothing of gets no silent, empty check: the build says why and how.
func TestPatternWithoutShapeIsRefused(t *testing.T) {
	_, err := settingRowsFor(product.Property{Name: "TEXT", Setting: "text", Pattern: `[A-Za-z0-9 ,.]+`})
	if err == nil || !strings.Contains(err.Error(), "a list of values") || !strings.Contains(err.Error(), "fixed text") {
		t.Fatalf("settingRowsFor: %v, want a refusal that says which patterns give a check", err)
	}
}

// TestExamplesAreShownAsTheyAre: a good example with [ ] { } (formatted
// text's syntax) is escaped in the validation message and the Error table.
func TestExamplesAreShownAsTheyAre(t *testing.T) {
	s, err := settingRowsFor(product.Property{Name: "LISTEN", Setting: "listen", Pattern: `\[[0-9a-f:]+\]:[0-9]+|\{x\}:[0-9]`,
		Examples: product.Examples{Good: []string{"[::1]:80", "has space:1", "{x}:1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `expected a value like [\[]::1[\]]:80 or [\{]x[\}]:1.`; !strings.Contains(s.Message, want) {
		t.Errorf("message %q, want %q", s.Message, want)
	}
	if s.Example != `[\[]::1[\]]:80` {
		t.Errorf("example %q", s.Example)
	}
}
