package product

import (
	"slices"
	"strings"
	"testing"
)

const settingsLine = "  settings: [listen, demo_delay_endpoint]"

func TestDependenciesLoad(t *testing.T) {
	src := edit(t, base(t), settingsLine, settingsLine+"\n  dependencies: [Tcpip, MSSQL$SQLEXPRESS, my_db.svc-2]")
	p, err := Parse("svcpack.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Tcpip", "MSSQL$SQLEXPRESS", "my_db.svc-2"}; !slices.Equal(p.Service.Dependencies, want) {
		t.Errorf("dependencies %q, want %q", p.Service.Dependencies, want)
	}
	p, err = Parse("svcpack.yaml", []byte(base(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Service.Dependencies) != 0 {
		t.Errorf("no dependencies given, got %q", p.Service.Dependencies)
	}
}

// TestDependenciesRefused: each bad list is an error naming the item's key,
// its value and the expected form.
func TestDependenciesRefused(t *testing.T) {
	many := strings.Repeat("a,", MaxDependencies) + "a"
	for _, c := range []struct{ list, path, want string }{
		{`['Lanman Workstation']`, "service.dependencies[0]", `"Lanman Workstation" is not valid: expected a service name`},
		{`['a\b']`, "service.dependencies[0]", `"a\\b" is not valid`},
		{`[a/b]`, "service.dependencies[0]", `"a/b" is not valid`},
		{`[Tcpip, '[INSTALLFOLDER]']`, "service.dependencies[1]", `"[INSTALLFOLDER]" is not valid`},
		{`['$(var.Name)']`, "service.dependencies[0]", `"$(var.Name)" is not valid`},
		{`['a<b']`, "service.dependencies[0]", `"a<b" is not valid`},
		{`['']`, "service.dependencies[0]", `"" is not valid`},
		{`[` + strings.Repeat("x", 257) + `]`, "service.dependencies[0]", "up to 255"},
		{`['+TDI']`, "service.dependencies[0]", "not a load-order group"},
		{`[HelloSvc]`, "service.dependencies[0]", "another service than the product's own"},
		{`[Tcpip, tcpip]`, "service.dependencies[1]", "each service once"},
		{`[` + many + `]`, "service.dependencies", `"33 services" is not valid: expected at most 32`},
	} {
		t.Run(c.list[:min(len(c.list), 20)], func(t *testing.T) {
			src := edit(t, base(t), settingsLine, settingsLine+"\n  dependencies: "+c.list)
			_, err := Parse("svcpack.yaml", []byte(src))
			if err == nil {
				t.Fatalf("%s loaded without error", c.list)
			}
			if !strings.Contains(err.Error(), ": "+c.path+": ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error lacks %q and %q:\n%v", c.path, c.want, err)
			}
		})
	}
}

// TestAccountRefusalNamesAGMSAExample: a user account (no $) or a gMSA
// of the wrong shape is refused with the key and an example of the right one.
func TestAccountRefusalNamesAGMSAExample(t *testing.T) {
	for _, acct := range []string{`CONTOSO\websvc`, `websvc$`, `CONTOSO\web svc$`, `CONTOSO\\websvc$`, `websvc$@contoso.com`, `.\websvc$`} {
		src := edit(t, base(t), `account: NT SERVICE\hellosvc `, "account: '"+acct+"' ")
		_, err := Parse("svcpack.yaml", []byte(src))
		if err == nil {
			t.Errorf("%s loaded without error", acct)
			continue
		}
		for _, w := range []string{": service.account: ", `DOMAIN\name$ such as CONTOSO\websvc$`} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", acct, w, err)
			}
		}
	}
}
