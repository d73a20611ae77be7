package msi

import "testing"

func TestUUIDV5(t *testing.T) {
	// RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
	got, err := uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if want := "{2ED6657D-E927-568B-95E1-2665A8AEA6A2}"; got != want {
		t.Fatalf("uuidV5 = %s, want %s", got, want)
	}
	if _, err := uuidV5("not-a-guid", "x"); err == nil {
		t.Fatal("no error for a bad namespace")
	}
}

func TestProductCodeDependsOnVersionAndArch(t *testing.T) {
	const upgrade = "{D9A7E615-4190-4B0A-A6A0-AA6E18070509}"
	seen := map[string]string{}
	for _, v := range []string{"1.0.0", "1.0.1"} {
		for _, a := range Arches {
			code, err := productCode(upgrade, v, a)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := productCode(upgrade, v, a)
			if again != code {
				t.Fatalf("productCode(%s, %s) not stable: %s then %s", v, a, code, again)
			}
			if prev, dup := seen[code]; dup {
				t.Fatalf("%s/%s and %s share ProductCode %s", v, a, prev, code)
			}
			seen[code] = v + "/" + string(a)
		}
	}
}
