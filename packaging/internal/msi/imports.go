package msi

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/svcpack/svcpack/service/clip"
)

// splitImports parts the .idt files into those that must go in before the
// fixups read the file (one replaces a table in reads, or sets the codepage,
// which converts every string) and those that can go in with the fixups'
// statements, in the same msibuild process: wix/Error.idt is one of these.
func splitImports(idts, reads []string) (before, with []string, err error) {
	for _, idt := range idts {
		table, err := idtTable(idt)
		if err != nil {
			return nil, nil, err
		}
		if table == "_ForceCodepage" || slices.Contains(reads, table) {
			before = append(before, idt)
		} else {
			with = append(with, idt)
		}
	}
	return before, with, nil
}

// idtTable is the table an .idt file replaces: the first field of its third
// line, or _ForceCodepage when that line is "<codepage>\t_ForceCodepage".
func idtTable(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for i := 0; i < 3; i++ {
		if !lines.Scan() {
			if err := lines.Err(); err != nil {
				return "", fmt.Errorf("read %s: %w", path, err)
			}
			return "", fmt.Errorf("table file %s: %d lines, want names, types, then the table and its keys", path, i)
		}
	}
	fields := strings.Split(strings.TrimRight(lines.Text(), "\r"), "\t")
	if len(fields) > 1 && fields[1] == "_ForceCodepage" {
		return "_ForceCodepage", nil
	}
	if fields[0] == "" {
		return "", fmt.Errorf("table file %s: third line %s names no table", path, clip.Quote(lines.Text()))
	}
	return fields[0], nil
}
