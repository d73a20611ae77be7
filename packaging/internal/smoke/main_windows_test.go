package smoke

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/svcpack/svcpack/internal/rmtree"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

var (
	prod        *product.Product  // svcpack.yaml: every name the cases check comes from here
	addrProp    *product.Property // the property that moves the service's address, or nil (see findAddressProperty)
	addrForm    addressForm       // the shape of addrProp's value (addrValue)
	v1, v2      Package           // Roles
	devA, devB  Package           // one version, two ProductCodes: each upgrades the other (TestRepeatedUpgrades)
	argvDumpMSI string            // EnvArgvDump, "" when not given
	wineVersion string            // "" on Windows
)

func TestMain(m *testing.M) {
	work, err := os.MkdirTemp("", "svcpack-smoke-")
	if err == nil {
		err = setup(work)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "smoke:", err)
		os.Exit(2)
	}
	code := m.Run()
	rmtree.Remove(work)
	os.Exit(code)
}

func setup(work string) error {
	wineVersion = detectWine()
	// Wine runs everything as an administrator without elevation.
	if wineVersion == "" && !windows.GetCurrentProcessToken().IsElevated() {
		return fmt.Errorf("msiexec installs per machine: run the smoke suite from an elevated shell")
	}
	file := os.Getenv(EnvProduct)
	if file == "" {
		return fmt.Errorf("%s is not set: `go tool svcpack smoke` sets it (the product file)", EnvProduct)
	}
	file, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if prod, err = product.Load(file); err != nil {
		return err
	}
	addrProp, addrForm = findAddressProperty(prod)
	var pkgs []Package
	for _, path := range strings.Split(os.Getenv(EnvMSIs), ListSeparator) {
		if path == "" {
			continue
		}
		p, err := readPackage(path)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, p)
	}
	roles, err := ChooseRoles(pkgs)
	if err != nil {
		return fmt.Errorf("%s: %w", EnvMSIs, err)
	}
	v1, v2 = roles.V1, roles.V2
	if roles.V2Derived {
		v2.Path = filepath.Join(work, prod.MSIName(v2.Version, "derived"))
		v2.Code = NewGUID()
		if err := deriveMSI(v1.Path, v2.Path, v2.Version, v2.Code, NewGUID()); err != nil {
			return fmt.Errorf("derive the upgrade package: %w", err)
		}
	}
	for i, dev := range []*Package{&devA, &devB} {
		*dev = Package{Path: filepath.Join(work, prod.MSIName(v1.Version, "same-version-"+"ab"[i:i+1])), Version: v1.Version, Code: NewGUID(), Platform: v1.Platform, Derived: true}
		if err := deriveMSI(v1.Path, dev.Path, dev.Version, dev.Code, NewGUID()); err != nil {
			return fmt.Errorf("derive a same-version package: %w", err)
		}
	}
	if p := os.Getenv(EnvArgvDump); p != "" {
		if argvDumpMSI, err = filepath.Abs(p); err != nil {
			return err
		}
	}
	how := "built"
	if v2.Derived {
		how = "derived from v1"
	}
	fmt.Printf("smoke: %s from %s: v1 %s (%s), v2 %s (%s), a same-version pair derived from v1\n",
		prod.Name, file, v1.Version, filepath.Base(v1.Path), v2.Version, how)
	return nil
}

// readPackage reads what the roles need from an MSI's database, and refuses a
// package of another product.
func readPackage(path string) (Package, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Package{}, err
	}
	db, err := openMSI(abs, msiOpenReadOnly)
	if err != nil {
		return Package{}, err
	}
	defer db.Close()
	p := Package{Path: abs}
	upgrade, err := db.property("UpgradeCode")
	if err != nil {
		return Package{}, err
	}
	if want := "{" + prod.UpgradeCode + "}"; !strings.EqualFold(upgrade, want) {
		return Package{}, fmt.Errorf("%s: UpgradeCode %s, but %s says %s: a package of another product", path, upgrade, prod.File(), want)
	}
	if p.Version, err = db.property("ProductVersion"); err != nil {
		return Package{}, err
	}
	if p.Code, err = db.property("ProductCode"); err != nil {
		return Package{}, err
	}
	template, err := db.template()
	if err != nil {
		return Package{}, err
	}
	p.Platform, _, _ = strings.Cut(template, ";")
	return p, nil
}

// detectWine returns Wine's version, or "" on Windows: Wine's ntdll exports
// wine_get_version, Windows' does not.
func detectWine() string {
	proc := windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version")
	if proc.Find() != nil {
		return ""
	}
	r, _, _ := proc.Call()
	return windows.BytePtrToString(*(**byte)(unsafe.Pointer(&r))) // a C string in ntdll
}

// windowsOnly ends t as SKIP under Wine, with a marker that says the check
// exists, was not made here, and runs on Windows: never as a pass.
func windowsOnly(t *testing.T, what string) {
	t.Helper()
	if wineVersion != "" {
		t.Skipf("NOT VERIFIABLE HERE (Wine %s): %s; asserted when run on Windows", wineVersion, what)
	}
}
