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
	for _, line := range strings.Split(string(out), "\n") {
		cp, table, ok := strings.Cut(strings.TrimRight(line, "\r"), "\t")
		if ok && table == "_ForceCodepage" {
			n, err := strconv.Atoi(cp)
			if err != nil {
				break
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("read the codepage of %s: no codepage in %q", d.path, out)
}
