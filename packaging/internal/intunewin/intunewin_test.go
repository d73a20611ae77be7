package intunewin

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/msi"
	"github.com/svcpack/svcpack/packaging/internal/msidb"
	"github.com/svcpack/svcpack/packaging/internal/msitest"
)

// detection is Detection.xml as a consumer reads it, by element path,
// independent of the types Run writes with.
type detection struct {
	Name        string `xml:"Name"`
	Size        string `xml:"UnencryptedContentSize"`
	FileName    string `xml:"FileName"`
	SetupFile   string `xml:"SetupFile"`
	Key         string `xml:"EncryptionInfo>EncryptionKey"`
	MacKey      string `xml:"EncryptionInfo>MacKey"`
	IV          string `xml:"EncryptionInfo>InitializationVector"`
	Mac         string `xml:"EncryptionInfo>Mac"`
	Profile     string `xml:"EncryptionInfo>ProfileIdentifier"`
	Digest      string `xml:"EncryptionInfo>FileDigest"`
	DigestAlg   string `xml:"EncryptionInfo>FileDigestAlgorithm"`
	ProductCode string `xml:"MsiInfo>MsiProductCode"`
	Version     string `xml:"MsiInfo>MsiProductVersion"`
	PackageCode string `xml:"MsiInfo>MsiPackageCode"`
	UpgradeCode string `xml:"MsiInfo>MsiUpgradeCode"`
	Context     string `xml:"MsiInfo>MsiExecutionContext"`
	Machine     string `xml:"MsiInfo>MsiIsMachineInstall"`
	User        string `xml:"MsiInfo>MsiIsUserInstall"`
	Services    string `xml:"MsiInfo>MsiIncludesServices"`
	Publisher   string `xml:"MsiInfo>MsiPublisher"`
}

// unzip returns a zip's entries by name, in order.
func unzip(t *testing.T, b []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
		names = append(names, f.Name)
	}
	return files, names
}

// open decrypts content with only what d says: it checks the MAC first, as
// Intune's agent does, and then the digest of the plaintext.
func open(d detection, content []byte) ([]byte, string) {
	b64 := func(s string) []byte { b, _ := base64.StdEncoding.DecodeString(s); return b }
	key, macKey, iv, mac, digest := b64(d.Key), b64(d.MacKey), b64(d.IV), b64(d.Mac), b64(d.Digest)
	if len(key) != 32 || len(macKey) != 32 || len(iv) != 16 || len(mac) != 32 || len(digest) != 32 {
		return nil, "key, MAC key, IV, MAC or digest of the wrong length"
	}
	if len(content) < 48+16 || !bytes.Equal(content[:32], mac) || !bytes.Equal(content[32:48], iv) {
		return nil, "content does not start with MAC || IV"
	}
	h := hmac.New(sha256.New, macKey)
	h.Write(content[32:])
	if !hmac.Equal(h.Sum(nil), mac) {
		return nil, "HMAC mismatch"
	}
	ct := content[48:]
	if len(ct)%aes.BlockSize != 0 {
		return nil, "ciphertext is not whole blocks"
	}
	block, _ := aes.NewCipher(key)
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	n := int(plain[len(plain)-1])
	if n < 1 || n > aes.BlockSize || !bytes.Equal(plain[len(plain)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, "bad PKCS#7 padding"
	}
	plain = plain[:len(plain)-n]
	if sum := sha256.Sum256(plain); !bytes.Equal(sum[:], digest) {
		return nil, "FileDigest is not the plaintext's SHA-256"
	}
	return plain, ""
}

func msiinfo(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("msiinfo", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func property(t *testing.T, path, name string) string {
	t.Helper()
	for _, line := range strings.Split(msiinfo(t, "export", path, "Property"), "\r\n") {
		if k, v, ok := strings.Cut(line, "\t"); ok && k == name {
			return v
		}
	}
	t.Fatalf("%s has no property %s", path, name)
	return ""
}

func build(t *testing.T) (msiPath, pkgPath string, files map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	msiPath = msitest.Build(t, "../../..", dir, "1.2.3", msi.AMD64)[0]
	res, err := Run(context.Background(), Options{DB: msidb.Open(msiPath), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSuffix(msiPath, ".msi") + ".intunewin"; res.Path != want {
		t.Fatalf("wrote %s, want %s", res.Path, want)
	}
	b, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	files, names := unzip(t, b)
	if strings.Join(names, " ") != detectionPath+" "+contentsPath {
		t.Fatalf("outer zip holds %q, want %s and %s", names, detectionPath, contentsPath)
	}
	return msiPath, res.Path, files
}

// TestDecryptWithDetectionXMLAlone: the package opens with nothing but what
// Detection.xml says, and holds the MSI byte for byte; Detection.xml's MSI
// facts are the MSI's own (read apart, with msiinfo).
func TestDecryptWithDetectionXMLAlone(t *testing.T) {
	msiPath, _, files := build(t)
	var d detection
	if err := xml.Unmarshal(files[detectionPath], &d); err != nil {
		t.Fatal(err)
	}
	plain, why := open(d, files[contentsPath])
	if why != "" {
		t.Fatalf("decrypt with Detection.xml: %s", why)
	}
	if d.Size != strconv.Itoa(len(plain)) {
		t.Errorf("UnencryptedContentSize %s, plaintext has %d bytes", d.Size, len(plain))
	}
	inner, names := unzip(t, plain)
	want, err := os.ReadFile(msiPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != d.SetupFile || !bytes.Equal(inner[d.SetupFile], want) {
		t.Fatalf("inner zip holds %q, want only SetupFile %q with the MSI's bytes", names, d.SetupFile)
	}
	sum := msiinfo(t, "suminfo", msiPath)
	for _, c := range []struct{ field, got, want string }{
		{"SetupFile", d.SetupFile, "hellosvc_1.2.3_amd64.msi"},
		{"FileName", d.FileName, "IntunePackage.intunewin"},
		{"Name", d.Name, property(t, msiPath, "ProductName")},
		{"ProfileIdentifier", d.Profile, "ProfileVersion1"},
		{"FileDigestAlgorithm", d.DigestAlg, "SHA256"},
		{"MsiProductCode", d.ProductCode, property(t, msiPath, "ProductCode")},
		{"MsiProductVersion", d.Version, "1.2.3"},
		{"MsiUpgradeCode", d.UpgradeCode, property(t, msiPath, "UpgradeCode")},
		{"MsiPublisher", d.Publisher, property(t, msiPath, "Manufacturer")},
		{"MsiExecutionContext", d.Context, "System"},
		{"MsiIsMachineInstall", d.Machine, "true"},
		{"MsiIsUserInstall", d.User, "false"},
		{"MsiIncludesServices", d.Services, "true"},
	} {
		if c.got != c.want {
			t.Errorf("Detection.xml %s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if !strings.Contains(sum, "Revision number (UUID): "+d.PackageCode+"\n") {
		t.Errorf("MsiPackageCode %s is not the summary's revision number:\n%s", d.PackageCode, sum)
	}
}

// TestDetectionXMLElementOrder: the order IntuneWinAppUtil writes, which the
// admin center's reader was written against.
func TestDetectionXMLElementOrder(t *testing.T) {
	_, _, files := build(t)
	x := string(files[detectionPath])
	if !strings.HasPrefix(x, `<?xml version="1.0" encoding="utf-8"?>`+"\n<ApplicationInfo ") {
		t.Errorf("Detection.xml does not start with the declaration and ApplicationInfo:\n%s", x)
	}
	at := 0
	for _, el := range strings.Fields(`Name UnencryptedContentSize FileName SetupFile EncryptionInfo EncryptionKey MacKey
		InitializationVector Mac ProfileIdentifier FileDigest FileDigestAlgorithm MsiInfo MsiProductCode MsiProductVersion
		MsiPackageCode MsiUpgradeCode MsiExecutionContext MsiRequiresLogon MsiRequiresReboot MsiIsMachineInstall
		MsiIsUserInstall MsiIncludesServices MsiIncludesODBCDataSource MsiContainsSystemRegistryKeys
		MsiContainsSystemFolders MsiPublisher`) {
		i := strings.Index(x[at:], "<"+el+">")
		if i < 0 {
			t.Fatalf("Detection.xml: <%s> missing or out of order:\n%s", el, x)
		}
		at += i
	}
}

// TestTamperedContentFailsTheMAC: a flipped bit anywhere in the content
// file — MAC, IV or ciphertext — is caught.
func TestTamperedContentFailsTheMAC(t *testing.T) {
	_, _, files := build(t)
	var d detection
	if err := xml.Unmarshal(files[detectionPath], &d); err != nil {
		t.Fatal(err)
	}
	content := files[contentsPath]
	positions := []int{0, 31, 32, 47, 48, len(content) / 2, len(content) - 1}
	for i := 0; i < len(content); i += 997 {
		positions = append(positions, i)
	}
	for _, i := range positions {
		bad := bytes.Clone(content)
		bad[i] ^= 0x01
		if _, why := open(d, bad); why == "" {
			t.Fatalf("content with byte %d flipped opened", i)
		}
	}
}

// TestFreshKeysPerPackage: two packages of one MSI share no key, IV or MAC.
func TestFreshKeysPerPackage(t *testing.T) {
	_, _, a := build(t)
	_, _, b := build(t)
	var da, db detection
	if err := xml.Unmarshal(a[detectionPath], &da); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b[detectionPath], &db); err != nil {
		t.Fatal(err)
	}
	if da.Key == db.Key || da.MacKey == db.MacKey || da.IV == db.IV || da.Mac == db.Mac {
		t.Errorf("two packages share key material: %v %v %v %v", da.Key == db.Key, da.MacKey == db.MacKey, da.IV == db.IV, da.Mac == db.Mac)
	}
}

func TestCheckVersion(t *testing.T) {
	for _, v := range []string{"1.2", "1.2.3", "1.2.3.4", "255.255.65535"} {
		if err := checkVersion(v); err != nil {
			t.Errorf("checkVersion(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"", "1", "256.0.0", "1.256.0", "1.2.65536", "1.2.3.4.5", "v1.2.3", "1.2.3-rc1", "1..2"} {
		if err := checkVersion(v); err == nil || !strings.Contains(err.Error(), "ProductVersion") {
			t.Errorf("checkVersion(%q) = %v, want an error naming ProductVersion", v, err)
		}
	}
}

// TestAddPutsFilesBesideTheMSI: --add's transform is in the source folder
// beside the MSI; a second file of the MSI's name (in any case) is refused
// before anything is written.
func TestAddPutsFilesBesideTheMSI(t *testing.T) {
	dir := t.TempDir()
	msiPath := msitest.Build(t, "../../..", dir, "1.2.3", msi.AMD64)[0]
	mst := dir + "/site.mst"
	if err := os.WriteFile(mst, []byte("transform bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Run(context.Background(), Options{DB: msidb.Open(msiPath), Dir: out, Add: []string{mst}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, b)
	var d detection
	if err := xml.Unmarshal(files[detectionPath], &d); err != nil {
		t.Fatal(err)
	}
	plain, why := open(d, files[contentsPath])
	if why != "" {
		t.Fatal(why)
	}
	inner, names := unzip(t, plain)
	if strings.Join(names, " ") != "hellosvc_1.2.3_amd64.msi site.mst" || string(inner["site.mst"]) != "transform bytes" {
		t.Errorf("source folder holds %q, want the MSI and site.mst", names)
	}
	twin := t.TempDir() + "/HELLOSVC_1.2.3_AMD64.MSI"
	if err := os.WriteFile(twin, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	_, err = Run(context.Background(), Options{DB: msidb.Open(msiPath), Dir: empty, Add: []string{twin}})
	if err == nil || !strings.Contains(err.Error(), "HELLOSVC_1.2.3_AMD64.MSI") || !strings.Contains(err.Error(), "already holds") {
		t.Errorf("a file named like the MSI: err = %v, want a refusal naming it", err)
	}
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("a refused package left %d files", len(left))
	}
}
