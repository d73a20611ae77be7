package msidb

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"
)

// DB is an MSI file and what has been read of it since it was last written.
// The stages read the same tables again and again (fixups, lint, the
// deployment manifest), so DB reads each table and the summary at most once
// per state of the file, in process (read.go, summaryread.go); writes are
// msibuild processes. Every write through DB forgets what was read:
// a read after it sees the file, never a remembered copy. Reads may run at
// once; a write must not run beside them.
type DB struct {
	path string

	mu      sync.Mutex
	names   []string // the tables _Tables lists; nil until read
	tables  map[string]Table
	summary *Summary
}

// Open returns the DB of the MSI at path; it reads nothing yet.
func Open(path string) *DB {
	return &DB{path: path, tables: map[string]Table{}}
}

// Path is the MSI's file.
func (d *DB) Path() string { return d.path }

// Load reads the named tables that are not read yet, all from one read of
// the file, in process (read.go). A table the database does not have reads
// as empty: wixl omits tables it has no rows for. A database whose strings
// are in a codepage the reader does not convert is read with msitools.
func (d *DB) Load(ctx context.Context, names ...string) error {
	d.mu.Lock()
	var todo []string
	for _, n := range names {
		if _, ok := d.tables[n]; !ok && !slices.Contains(todo, n) {
			todo = append(todo, n)
		}
	}
	d.mu.Unlock()
	if len(todo) == 0 {
		return nil
	}
	have, read, err := readDatabase(d.path, todo)
	if errors.Is(err, errForeignCodepage) {
		return d.loadWithMsitools(ctx, todo)
	}
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names == nil {
		d.names = have
	}
	for _, n := range todo {
		if t, ok := read[n]; ok {
			d.tables[n] = t
		} else {
			d.tables[n] = Table{Name: n}
		}
	}
	return nil
}

// Table returns table name, reading it if it is not read yet.
func (d *DB) Table(ctx context.Context, name string) (Table, error) {
	if err := d.Load(ctx, name); err != nil {
		return Table{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.tables[name], nil
}

// Summary returns the summary information, reading it if it is not read yet.
func (d *DB) Summary(ctx context.Context) (Summary, error) {
	d.mu.Lock()
	s := d.summary
	d.mu.Unlock()
	if s != nil {
		return *s, nil
	}
	read, err := readSummaryFile(d.path)
	if err != nil {
		return Summary{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.summary = &read
	return read, nil
}

// Exec runs the SQL statements in order in one msibuild process, which
// commits all of them or, when one fails, none.
func (d *DB) Exec(ctx context.Context, stmts ...string) error {
	return d.Build(ctx, stmts, nil, nil)
}

// Import replaces tables of the MSI with the .idt files (the format Export
// reads): how text that wixl has no element for gets into a package.
func (d *DB) Import(ctx context.Context, idts ...string) error {
	return d.Build(ctx, nil, idts, nil)
}

// WriteSummary sets subject, author, template and package code; the other
// summary properties keep their values.
func (d *DB) WriteSummary(ctx context.Context, s Summary) error {
	return d.Build(ctx, nil, nil, &s)
}

// Build is one msibuild process: it imports the .idt files, then runs the
// statements in order, then sets the summary when s is not nil. Nothing to do
// runs nothing. What was read of the file is forgotten.
func (d *DB) Build(ctx context.Context, stmts, idts []string, s *Summary) error {
	var args []string
	for _, idt := range idts {
		args = append(args, "-i", idt)
	}
	for _, q := range stmts {
		args = append(args, "-q", q)
	}
	if s != nil {
		args = append(args, "-s", s.Subject, s.Author, s.Template, s.PackageCode)
	}
	if len(args) == 0 {
		return nil
	}
	defer d.Forget()
	_, err := run(ctx, "msibuild", append([]string{d.path}, args...)...)
	return err
}

// SetSummaryTimes is the package's SetSummaryTimes on this file.
func (d *DB) SetSummaryTimes(t time.Time) error {
	defer d.Forget()
	return SetSummaryTimes(d.path, t)
}

// Forget drops what was read, for a file changed by other means.
func (d *DB) Forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.names, d.summary = nil, nil
	d.tables = map[string]Table{}
}

// At returns the DB of the file at path, a copy of this one, keeping what
// was read: for a file moved or copied after the reads, or changed since only
// in streams that no table and no summary property is stored in (a signature).
func (d *DB) At(path string) *DB {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := &DB{path: path, names: d.names, tables: maps.Clone(d.tables), summary: d.summary}
	return c
}
