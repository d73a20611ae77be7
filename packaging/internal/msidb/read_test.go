package msidb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

// wixlMSI builds testdata/<name>.wxs with wixl into a temporary directory.
func wixlMSI(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name+".msi")
	cmd := exec.Command("wixl", "-a", "x64", "-o", out, name+".wxs")
	cmd.Dir = "testdata"
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, b)
	}
	return out
}

// withCodepage sets the codepage of the MSI at path with msibuild, which
// converts its strings, and adds a Property row GREETING outside ASCII.
func withCodepage(t *testing.T, path string, cp int, greeting string) string {
	t.Helper()
	idt := filepath.Join(t.TempDir(), "_ForceCodepage.idt")
	if err := os.WriteFile(idt, fmt.Appendf(nil, "\r\n\r\n%d\t_ForceCodepage\r\n", cp), 0o644); err != nil {
		t.Fatal(err)
	}
	q := "INSERT INTO `Property` (`Property`, `Value`) VALUES ('GREETING', '" + greeting + "')"
	if err := Open(path).Build(context.Background(), []string{q}, []string{idt}, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInProcessReadMatchesMsitools: every table of wixl's files, and of
// files msibuild wrote again (its string pool and row order, new tables
// with 2- and 4-byte integers at their limits, a codepage set by
// _ForceCodepage), reads in process exactly as `msiinfo export` prints it,
// and the summary as `msiinfo suminfo` prints it.
func TestInProcessReadMatchesMsitools(t *testing.T) {
	ctx := context.Background()
	rewritten := func(t *testing.T, path string) string {
		sql := []string{
			"DELETE FROM `Property` WHERE `Property` = 'LISTEN'",
			"INSERT INTO `Property` (`Property`, `Value`) VALUES ('LISTEN', '0.0.0.0:1')",
			"UPDATE `InstallExecuteSequence` SET `Sequence` = 1501 WHERE `Action` = 'RemoveExistingProducts'",
			"CREATE TABLE `Extra` (`Key` CHAR(72) NOT NULL, `Big` LONG, `Small` SHORT, `Text` CHAR(0) PRIMARY KEY `Key`)",
			"INSERT INTO `Extra` (`Key`, `Big`, `Small`) VALUES ('a', -2147483647, -32767)",
			"INSERT INTO `Extra` (`Key`, `Big`, `Small`, `Text`) VALUES ('b', 2147483647, 32767, 'ünï')",
		}
		if err := Exec(ctx, path, sql...); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, c := range []struct {
		name string
		msi  func(t *testing.T) string
	}{
		{"tiny, wixl", func(t *testing.T) string { return wixlMSI(t, "tiny") }},
		{"rich, wixl", func(t *testing.T) string { return wixlMSI(t, "rich") }},
		{"rich, msibuild", func(t *testing.T) string { return rewritten(t, wixlMSI(t, "rich")) }},
		{"rich, codepage 1252", func(t *testing.T) string { return withCodepage(t, wixlMSI(t, "rich"), 1252, "grüße") }},
		{"rich, codepage 65001", func(t *testing.T) string { return withCodepage(t, wixlMSI(t, "rich"), 65001, "grüße привет") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.msi(t)
			listed, err := listTables(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			names, tables, err := readDatabase(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range listed {
				if !strings.HasPrefix(n, "_") && !slices.Contains(names, n) {
					t.Errorf("msiinfo lists table %s, the reader does not", n)
				}
			}
			for _, n := range names {
				want, err := export(ctx, path, n)
				if err != nil {
					t.Fatal(err)
				}
				got := tables[n]
				if len(want.Rows) == 0 && len(got.Rows) == 0 {
					got.Rows, want.Rows = nil, nil
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("table %s:\nin process %+v\nmsiinfo    %+v", n, got, want)
				}
			}
			wantSum, err := suminfo(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := ReadSummary(ctx, path); err != nil || got != wantSum {
				t.Errorf("summary in process %+v, %v\nmsiinfo %+v", got, err, wantSum)
			}
		})
	}
}

// Reading a table with a binary column through msitools leaves no file
// behind: `msiinfo export` writes each row's data under its working
// directory (a Binary/ folder appeared in the caller's).
func TestExportLeavesNoFiles(t *testing.T) {
	msi := wixlMSI(t, "rich")
	dir := t.TempDir()
	t.Chdir(dir)
	bin, err := export(context.Background(), msi, "Binary")
	if err != nil {
		t.Fatal(err)
	}
	if rows := bin.Find("Name", "Blob"); len(rows) != 1 || rows[0]["Data"] != "Binary.Blob" {
		t.Errorf("Binary rows %v, want Blob's", bin.Rows)
	}
	if left, err := os.ReadDir(dir); err != nil || len(left) != 0 {
		t.Errorf("the working directory holds %v, %v; want nothing", left, err)
	}
}

// A database in a codepage the in-process reader does not convert
// (Windows-1251 here) is read by msitools: the DB's tables are the same.
func TestForeignCodepageReadByMsitools(t *testing.T) {
	path := withCodepage(t, wixlMSI(t, "tiny"), 1251, "привет")
	if _, _, err := readDatabase(path, nil); !errors.Is(err, errForeignCodepage) {
		t.Fatalf("in process: %v, want errForeignCodepage", err)
	}
	props, err := Open(path).Table(context.Background(), "Property")
	if err != nil {
		t.Fatal(err)
	}
	if v := props.Find("Property", "GREETING"); len(v) != 1 || v[0]["Value"] != "привет" {
		t.Fatalf("GREETING rows %v, want привет", v)
	}
}

// A value holding a tab or a line break, which `msiinfo export` prints
// unescaped (its reader then saw a row of the wrong width), reads as is.
func TestInProcessReadKeepsControlCharacters(t *testing.T) {
	ctx := context.Background()
	path := wixlMSI(t, "tiny")
	if err := Exec(ctx, path, "INSERT INTO `Property` (`Property`, `Value`) VALUES ('MULTI', 'a\tb\nc')"); err != nil {
		t.Fatal(err)
	}
	props, err := Open(path).Table(ctx, "Property")
	if err != nil {
		t.Fatal(err)
	}
	if v := props.Find("Property", "MULTI"); len(v) != 1 || v[0]["Value"] != "a\tb\nc" {
		t.Fatalf("MULTI rows %q, want a\\tb\\nc", v)
	}
}

// A hostile MSI gets an error from the in-process readers, never a panic:
// bytes of a real one changed at random, a thousand times over (the same
// thousand every run), in the header, the directory, the string pool and
// the tables alike; read from memory and from the file, sector by sector.
func TestInProcessReadSurvivesCorruptFiles(t *testing.T) {
	good, err := os.ReadFile(wixlMSI(t, "rich"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "corrupt.msi")
	r := rand.New(rand.NewPCG(22, 6))
	for i := range 1000 {
		data := slices.Clone(good)
		for range 1 + r.IntN(8) {
			at := r.IntN(len(data))
			if r.IntN(2) == 0 {
				at = r.IntN(min(len(data), 8192)) // the header, FAT and directory mostly
			}
			data[at] = byte(r.Uint32())
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("case %d: panic %v", i, p)
				}
			}()
			decodeDatabase(data, nil)
			decodeSummary(data)
			// The same, read from the file sector by sector.
			readDatabase(path, nil)
			readSummaryFile(path)
			Open(path).ReadSummaryTimes()
		}()
	}
}

// suminfo reads the summary information with `msiinfo suminfo`: what the
// in-process reader must agree with.
func suminfo(ctx context.Context, path string) (Summary, error) {
	out, err := run(ctx, "msiinfo", "suminfo", path)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	for _, line := range strings.Split(string(out), "\n") {
		key, value, ok := strings.Cut(strings.TrimRight(line, "\r"), ": ")
		if !ok {
			continue
		}
		switch key {
		case "Subject":
			s.Subject = value
		case "Author":
			s.Author = value
		case "Template":
			s.Template = value
		case "Revision number (UUID)":
			s.PackageCode = value
		case "Version":
			s.Version, _, _ = strings.Cut(value, " ")
		}
	}
	if s.Template == "" || s.PackageCode == "" {
		return Summary{}, fmt.Errorf("read summary information of %s: no Template or package code in %q", path, out)
	}
	return s, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.ReaderAt
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

// Reading the tables and the summary of an MSI reads the sectors they are
// in, not the cabinet: a few percent of a package holding 1 MB that does
// not compress.
func TestTablesReadWithoutTheCabinet(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	wxs, err := os.ReadFile("testdata/tiny.wxs")
	if err != nil {
		t.Fatal(err)
	}
	wxs = bytes.ReplaceAll(wxs, []byte(`Name="tiny.wxs" Source="tiny.wxs"`), []byte(`Name="big.bin" Source="big.bin"`))
	if err := os.WriteFile(filepath.Join(dir, "big.wxs"), wxs, 0o644); err != nil {
		t.Fatal(err)
	}
	msi := filepath.Join(dir, "big.msi")
	cmd := exec.Command("wixl", "-a", "x64", "-o", msi, "big.wxs")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wixl: %v\n%s", err, out)
	}
	file, err := os.Open(msi)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		t.Fatal(err)
	}
	c := &countingReader{r: file}
	f, err := cfb.OpenReaderAt(c, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	_, tables, err := decodeTables(f, []string{"File", "Property"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := summaryOf(f); err != nil {
		t.Fatal(err)
	}
	if rows := tables["File"].Find("FileName", "big.bin"); len(rows) != 1 {
		t.Fatalf("File rows %v, want big.bin", tables["File"].Rows)
	}
	if c.n > fi.Size()/20 {
		t.Errorf("read %d bytes of a %d-byte file to read two tables and the summary, want at most 5%%", c.n, fi.Size())
	}
}
