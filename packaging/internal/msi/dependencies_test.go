package msi

import (
	"context"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/product"
)

// withDependencies is svcpack.yaml with service.dependencies and a gMSA.
func withDependencies(t *testing.T, account, deps string) *product.Product {
	t.Helper()
	b := string(read(t, "../../../svcpack.yaml"))
	const settings = "  settings: [listen, demo_delay_endpoint]"
	if !strings.Contains(b, settings) || !strings.Contains(b, `account: NT SERVICE\hellosvc`) {
		t.Fatal("svcpack.yaml changed: update the test's edit")
	}
	b = strings.Replace(b, settings, settings+"\n  dependencies: "+deps, 1)
	b = strings.Replace(b, `account: NT SERVICE\hellosvc`, "account: '"+account+"'", 1)
	p, err := product.Parse("svcpack.yaml", []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDependenciesAndGMSAReachServiceInstall: service.dependencies become
// the ServiceInstall row's Dependencies column in the MSI's own notation
// (each name followed by [~], the list by one more), a group managed service account its
// StartName with no Password, and the lint accepts the package it was built
// to check (Build runs it).
func TestDependenciesAndGMSAReachServiceInstall(t *testing.T) {
	for _, c := range []struct {
		account, deps, column string
	}{
		{`CONTOSO\websvc$`, "[Tcpip, MSSQL$SQLEXPRESS]", "Tcpip[~]MSSQL$SQLEXPRESS[~][~]"},
		{`NT AUTHORITY\LocalService`, "[LanmanWorkstation]", "LanmanWorkstation[~][~]"},
		{`NT SERVICE\hellosvc`, "[]", ""},
	} {
		t.Run(c.deps, func(t *testing.T) {
			opts := testOptions(t, fakeExe(t, "x"), AMD64)
			opts.Product = withDependencies(t, c.account, c.deps)
			if err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			rows := export(t, opts.Out, "ServiceInstall").Rows
			if len(rows) != 1 {
				t.Fatalf("%d ServiceInstall rows", len(rows))
			}
			if got := rows[0]["Dependencies"]; got != c.column {
				t.Errorf("Dependencies = %q, want %q", got, c.column)
			}
			if got := rows[0]["StartName"]; got != c.account {
				t.Errorf("StartName = %q, want %q", got, c.account)
			}
			if got := rows[0]["Password"]; got != "" {
				t.Errorf("Password = %q, want none", got)
			}
		})
	}
}
