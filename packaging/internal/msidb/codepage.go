package msidb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Codepage is the database's codepage (0: neutral), which `msiinfo export`
// prints as the table _ForceCodepage: a line "CODEPAGE\t_ForceCodepage".
func (d *DB) Codepage(ctx context.Context) (int, error) {
	out, err := run(ctx, "msiinfo", "export", d.path, "_ForceCodepage")
	if err != nil {
		return 0, err
	}
	return parseCodepage(d.path, out)
}

// MaxCodepage is the largest codepage a database can have: the string pool
// holds it in 16 bits (its high word flags the reference width).
const MaxCodepage = 65535

// parseCodepage reads msiinfo's _ForceCodepage export of the MSI at path,
// taking only a codepage from 0 to MaxCodepage.
func parseCodepage(path string, out []byte) (int, error) {
	for _, line := range strings.Split(string(out), "\n") {
		cp, table, ok := strings.Cut(strings.TrimRight(line, "\r"), "\t")
		if ok && table == "_ForceCodepage" {
			n, err := strconv.Atoi(cp)
			if err != nil {
				break
			}
			if n < 0 || n > MaxCodepage {
				return 0, fmt.Errorf("read the codepage of %s: %d is not a codepage (0 to %d); rebuild the MSI with a Windows codepage", path, n, MaxCodepage)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("read the codepage of %s: no codepage in %q", path, out)
}
