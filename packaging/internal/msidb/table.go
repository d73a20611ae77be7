package msidb

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcpack/svcpack/internal/childenv"
)

// Table is one table of an MSI as `msiinfo export` prints it.
type Table struct {
	Name    string
	Columns []string
	Rows    []Row
}

// Row maps column name to value; an empty (null) column is "".
type Row map[string]string

// Export reads table name from the MSI at path. A table the database does not
// have is returned empty, without error: wixl omits tables it has no rows for.
// It reads the table list and the table: use a DB to read several.
func Export(ctx context.Context, path, name string) (Table, error) {
	return Open(path).Table(ctx, name)
}

// export runs `msiinfo export` in a directory of its own: for a table with
// a binary column (Binary, Icon) it also writes each row's data to a file
// <table>/<stream> under its working directory, which must not be the
// caller's.
func export(ctx context.Context, path, name string) (Table, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Table{}, err
	}
	dir, err := os.MkdirTemp("", "svcpack-msiinfo-")
	if err != nil {
		return Table{}, err
	}
	defer os.RemoveAll(dir)
	out, err := runIn(ctx, dir, "msiinfo", "export", abs, name)
	if err != nil {
		return Table{}, err
	}
	return parseExport(name, out)
}

// parseExport reads the .idt form: column names, column types, table name
// and key columns, then one tab-separated row per line (lines end in \r\n).
func parseExport(name string, out []byte) (Table, error) {
	lines := strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n")
	if len(lines) < 3 {
		return Table{}, fmt.Errorf("read table %s: %d header lines, want 3", name, len(lines))
	}
	t := Table{Name: name, Columns: strings.Split(lines[0], "\t")}
	for _, line := range lines[3:] {
		if line == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != len(t.Columns) {
			return Table{}, fmt.Errorf("read table %s: row %q has %d fields, want %d", name, line, len(fields), len(t.Columns))
		}
		row := Row{}
		for i, c := range t.Columns {
			row[c] = unescapeIDT(fields[i])
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// unescapeIDT undoes the .idt escapes for control characters in values.
func unescapeIDT(s string) string {
	return strings.NewReplacer("\x19", "\t", "\x11", "\n", "\x1b", "\r").Replace(s)
}

// listTables lists the tables the MSI holds.
func listTables(ctx context.Context, path string) ([]string, error) {
	out, err := run(ctx, "msiinfo", "tables", path)
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// Find returns the rows whose column col equals value.
func (t Table) Find(col, value string) []Row {
	var rows []Row
	for _, r := range t.Rows {
		if r[col] == value {
			rows = append(rows, r)
		}
	}
	return rows
}

// Exec runs SQL statements on the MSI at path, all in one msibuild process.
func Exec(ctx context.Context, path string, stmts ...string) error {
	return Open(path).Exec(ctx, stmts...)
}

func run(ctx context.Context, name string, args ...string) ([]byte, error) {
	return runIn(ctx, "", name, args...)
}

// runIn runs the program in dir ("": the current directory).
func runIn(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := childenv.Command(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
