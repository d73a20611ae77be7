package transform

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
	"github.com/svcpack/svcpack/packaging/internal/product"
)

// TestTableStreamName: the encoding matches the names others write: AAR is a
// table of Wine's transform tests (stream 4840 3A8A 481B); the others are
// stream names in an MSI that wixl (msitools) built.
func TestTableStreamName(t *testing.T) {
	for name, want := range map[string][]uint16{
		"AAR":         {0x4840, 0x3A8A, 0x481B},
		"_StringPool": {0x4840, 0x3F3F, 0x4577, 0x446C, 0x3E6A, 0x44B2, 0x482F},
		"_StringData": {0x4840, 0x3F3F, 0x4577, 0x446C, 0x3B6A, 0x45E4, 0x4824},
		"Property":    {0x4840, 0x4559, 0x44F2, 0x4568, 0x4737},
	} {
		if got := utf16.Encode([]rune(tableStreamName(name))); !slicesEqual(got, want) {
			t.Errorf("tableStreamName(%s) = %04X, want %04X", name, got, want)
		}
	}
}

func slicesEqual(a, b []uint16) bool { return string(utf16.Decode(a)) == string(utf16.Decode(b)) }

// tinyMSI builds packaging/internal/msidb's test package (codepage 0, Property rows
// Manufacturer, ProductCode, …) with wixl.
func tinyMSI(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "tiny.msi")
	cmd := exec.Command("wixl", "-a", "x64", "-o", out, "tiny.wxs")
	cmd.Dir = "../msidb/testdata"
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, b)
	}
	return out
}

// TestBuildWritesTheTransformFormat reads a built transform back: the class
// id, the four streams, an update row for a property the package has and an
// insert row for one it has not, both resolving through the string pool, and
// the summary as msitools' reader (libmsi) sees it.
func TestBuildWritesTheTransformFormat(t *testing.T) {
	msi := tinyMSI(t)
	target, err := ReadTarget(context.Background(), msi)
	if err != nil {
		t.Fatal(err)
	}
	if target.ProductCode != "{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A11}" || target.ProductVersion != "1.0.0" ||
		target.UpgradeCode != "{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C22}" || target.Template != "x64;1033" || target.InstallerVersion != 500 {
		t.Fatalf("ReadTarget = %+v", target)
	}
	b, err := Build(target, []Setting{{"Manufacturer", "Contoso IT"}, {"LISTEN", "0.0.0.0:9000"}})
	if err != nil {
		t.Fatal(err)
	}
	mst := filepath.Join(t.TempDir(), "site.mst")
	if err := os.WriteFile(mst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	clsid, streams, err := cfb.ReadStreams(mst)
	if err != nil {
		t.Fatal(err)
	}
	if clsid != classID {
		t.Errorf("root class id %X, want CLSID_MsiTransform", clsid)
	}
	data := map[string][]byte{}
	for _, s := range streams {
		data[s.Name] = s.Data
	}
	pool, strs, rows := data[tableStreamName("_StringPool")], data[tableStreamName("_StringData")], data[tableStreamName("Property")]
	if len(streams) != 4 || pool == nil || strs == nil || rows == nil || data["\x05SummaryInformation"] == nil {
		t.Fatalf("streams %q, want summary, _StringPool, _StringData, Property", names(streams))
	}
	if cp := binary.LittleEndian.Uint32(pool); cp != 0 {
		t.Errorf("string pool codepage word %#x, want 0 (the package's, and 2-byte references)", cp)
	}
	var table []string
	for i, off := 4, 0; i+4 <= len(pool); i += 4 {
		n := int(binary.LittleEndian.Uint16(pool[i:]))
		table = append(table, string(strs[off:off+n]))
		if refs := binary.LittleEndian.Uint16(pool[i+2:]); refs != 1 {
			t.Errorf("string %q has %d references, want 1", table[len(table)-1], refs)
		}
		off += n
	}
	str := func(id uint16) string { return table[id-1] }
	if len(rows) != 12 {
		t.Fatalf("Property stream of %d bytes, want two rows of 6", len(rows))
	}
	word := func(i int) uint16 { return binary.LittleEndian.Uint16(rows[2*i:]) }
	// Sorted by name: LISTEN (absent: insert both columns), Manufacturer (present: update Value).
	if word(0) != 0x0201 || str(word(1)) != "LISTEN" || str(word(2)) != "0.0.0.0:9000" {
		t.Errorf("first row %04X %q %q, want insert (0201) LISTEN 0.0.0.0:9000", word(0), str(word(1)), str(word(2)))
	}
	if word(3) != 0x0002 || str(word(4)) != "Manufacturer" || str(word(5)) != "Contoso IT" {
		t.Errorf("second row %04X %q %q, want update of Value (0002) Manufacturer \"Contoso IT\"", word(3), str(word(4)), str(word(5)))
	}

	cmd := exec.Command("msiinfo", "suminfo", mst)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("msiinfo suminfo of the transform: %v\n%s", err, out)
	}
	for _, want := range []string{
		"Title: Transform",
		"Template: x64;1033",
		"Revision number (UUID): {0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A11}1.0.0;{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A11}1.0.0;{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C22}",
		"Version: 500",
		"(9220000)", // PID_CHARCOUNT: product, upgrade code, major.minor.update equal
		"Security: 4",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("summary of the transform lacks %q:\n%s", want, out)
		}
	}
}

func names(streams []cfb.Stream) []string {
	var n []string
	for _, s := range streams {
		n = append(n, s.Name)
	}
	return n
}

func TestBuildRefusesWhatThePackageCannotHold(t *testing.T) {
	target := Target{ProductCode: "{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A11}", ProductVersion: "1.0.0",
		UpgradeCode: "{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C22}", Template: "x64;1033", InstallerVersion: 500}
	for _, c := range []struct {
		sets []Setting
		want string
	}{
		{nil, "no property to set"},
		{[]Setting{{"LISTEN", ""}}, "LISTEN has an empty value"},
		{[]Setting{{"INSTALLFOLDER", "C:\\Serv\u00a0ces"}}, "non-ASCII character"},
		{[]Setting{{"INSTALLFOLDER", "C:\\a\u2028b"}}, "non-ASCII character"},
		{[]Setting{{"LISTEN", "a\x00b"}}, "not valid text"},
		{[]Setting{{"LISTEN", ":1"}, {"LISTEN", ":2"}}, "LISTEN is set twice"},
	} {
		if _, err := Build(target, c.sets); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Build(%q) = %v, want an error with %q", c.sets, err, c.want)
		}
	}
	utf8 := target
	utf8.Codepage = 65001
	if _, err := Build(utf8, []Setting{{"INSTALLFOLDER", `D:\Dienste\Überwachung`}}); err != nil {
		t.Errorf("a non-ASCII value for a UTF-8 package: %v", err)
	}
	// A codepage outside 16 bits would set the pool's long-reference flag.
	for _, cp := range []int{-1, 65536, 1 << 31} {
		odd := target
		odd.Codepage = cp
		if _, err := Build(odd, []Setting{{"LISTEN", ":1"}}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("codepage %d", cp)) {
			t.Errorf("codepage %d: %v, want refused naming it", cp, err)
		}
	}
	bad := target
	bad.ProductVersion = "1.0;{X}"
	if _, err := Build(bad, []Setting{{"LISTEN", ":1"}}); err == nil {
		t.Error("a product version with ';' was written into PID_REVNUMBER")
	}
}

func hellosvc(t *testing.T) *product.Product {
	t.Helper()
	p, err := product.Load("../../../svcpack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCheckAllowsOnlyTheProductsAllowlist: unknown properties, uninstall
// properties and values outside a property's pattern are refused with the
// property, the value and the pattern named; the good examples pass.
func TestCheckAllowsOnlyTheProductsAllowlist(t *testing.T) {
	p := hellosvc(t)
	if err := Check(p, []Setting{{"LISTEN", "0.0.0.0:9000"}, {"STARTTYPE", "delayed-auto"}, {"INSTALLFOLDER", `D:\Services\hellosvc`}}); err != nil {
		t.Errorf("good values refused: %v", err)
	}
	for _, c := range []struct {
		set  Setting
		want []string
	}{
		{Setting{"PORT", "9000"}, []string{`"PORT" is not a property svcpack.yaml declares`, "LISTEN, STARTTYPE, INSTALLFOLDER, REMOVEDATA"}},
		{Setting{"listen", ":9000"}, []string{`"listen" is not a property`}},
		{Setting{"ALLUSERS", "2"}, []string{`"ALLUSERS" is not a property`}},
		{Setting{"REMOVEDATA", "1"}, []string{"REMOVEDATA applies to uninstall", "uninstall's command line"}},
		{Setting{"STARTTYPE", "disabled"}, []string{`STARTTYPE="disabled" does not match its pattern auto|delayed-auto|manual`, `e.g. "auto"`}},
		{Setting{"LISTEN", "8080"}, []string{`LISTEN="8080" does not match its pattern`, p.Properties[0].Pattern}},
		{Setting{"INSTALLFOLDER", `C:\` + strings.Repeat("x", MaxValue)}, []string{"INSTALLFOLDER=", "bytes long, more than 1024"}},
	} {
		err := Check(p, []Setting{c.set})
		if err == nil {
			t.Errorf("Check(%s=%q) passed", c.set.Name, c.set.Value)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Check(%s=%q) = %v\nwant it to say %q", c.set.Name, c.set.Value, err, w)
			}
		}
	}
	if err := Check(p, []Setting{{"LISTEN", ":1"}, {"LISTEN", ":2"}}); err == nil || !strings.Contains(err.Error(), "LISTEN is set twice") {
		t.Errorf("LISTEN given twice: %v", err)
	}
}

// TestHostileValuesAreRefused: whitespace of every kind, quotes, command-line
// and property syntax, and huge values never reach a transform for hellosvc's
// properties: the pattern refuses them, or (for a folder, whose pattern must
// allow spaces and non-ASCII letters) the package's codepage does.
func TestHostileValuesAreRefused(t *testing.T) {
	p := hellosvc(t)
	target := Target{ProductCode: "{D5D52B1D-3A8D-595C-BACC-7F820C3D1470}", ProductVersion: "1.0.0",
		UpgradeCode: "{" + p.UpgradeCode + "}", Template: "x64;1033", InstallerVersion: 500}
	whitespace := []string{" ", "\t", "\n", "\r", "\v", "\f", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2007", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"}
	var hostile []Setting
	for _, ws := range whitespace {
		hostile = append(hostile,
			Setting{"LISTEN", ws + "127.0.0.1:8080"}, Setting{"LISTEN", "127.0.0.1:8080" + ws}, Setting{"LISTEN", "127.0.0.1" + ws + ":8080"},
			Setting{"STARTTYPE", "auto" + ws}, Setting{"STARTTYPE", ws + "manual"})
		if ws != " " {
			hostile = append(hostile, Setting{"INSTALLFOLDER", `C:\Services` + ws + `hellosvc`})
		}
	}
	for _, v := range []string{`"127.0.0.1:8080"`, `'127.0.0.1:8080'`, `127.0.0.1:8080" /qn`, `[LISTEN]`, `127.0.0.1:8080;calc`, `127.0.0.1:8080&calc`, `%TEMP%:8080`, "127.0.0.1:8080\x00", strings.Repeat("a", 1<<20) + ":8080"} {
		hostile = append(hostile, Setting{"LISTEN", v})
	}
	for _, v := range []string{`C:\x"y`, `C:\a|b`, `C:\a<b>`, `C:\a?b`, `C:\a*b`, `C:\a/b`, `\\server\share`, `C:\` + strings.Repeat("x", 1<<20), `"C:\x"`} {
		hostile = append(hostile, Setting{"INSTALLFOLDER", v})
	}
	for _, s := range hostile {
		if _, err := Make(p, target, []Setting{s}); err == nil {
			t.Errorf("%s=%q made a transform", s.Name, s.Value)
		} else if !strings.Contains(err.Error(), s.Name) {
			t.Errorf("%s=%q refused without naming the property: %v", s.Name, s.Value, err)
		}
	}
	// The plain space is a folder character: allowed.
	if _, err := Make(p, target, []Setting{{"INSTALLFOLDER", `C:\Program Files\svcpack\hellosvc\`}}); err != nil {
		t.Errorf("a folder with spaces: %v", err)
	}
}

func TestMakeRefusesAnotherProductsPackage(t *testing.T) {
	p := hellosvc(t)
	target := Target{ProductCode: "{0B9E7A55-5F47-4C4E-8C44-6F0B7C3B8A11}", ProductVersion: "1.0.0",
		UpgradeCode: "{6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C22}", Template: "x64;1033", InstallerVersion: 500}
	_, err := Make(p, target, []Setting{{"LISTEN", ":9000"}})
	if err == nil || !strings.Contains(err.Error(), "upgrade code is {6D4C1B52-21E3-4D1A-9C59-3E0F3B8B7C22}, not hellosvc's") {
		t.Errorf("a transform for another product's package: %v", err)
	}
}
