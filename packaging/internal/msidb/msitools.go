package msidb

import (
	"context"
	"slices"
	"sync"
)

// readers bounds the msiinfo processes loadWithMsitools runs at once: the
// three arches already build in parallel, so more would only queue for the
// cores.
const readers = 4

// loadWithMsitools is Load by `msiinfo export`, a process per table, for a
// database whose strings msitools converts from their codepage and the
// in-process reader does not.
func (d *DB) loadWithMsitools(ctx context.Context, names []string) error {
	have, err := d.tableNames(ctx)
	if err != nil {
		return err
	}
	d.mu.Lock()
	var todo []string
	for _, n := range names {
		if _, ok := d.tables[n]; ok || slices.Contains(todo, n) {
			continue
		}
		if !slices.Contains(have, n) {
			d.tables[n] = Table{Name: n}
			continue
		}
		todo = append(todo, n)
	}
	d.mu.Unlock()
	read := make([]Table, len(todo))
	errs := make([]error, len(todo))
	sem := make(chan struct{}, readers)
	var wg sync.WaitGroup
	for i, n := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			read[i], errs[i] = export(ctx, d.path, n)
		}()
	}
	wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, n := range todo {
		if errs[i] != nil {
			return errs[i]
		}
		d.tables[n] = read[i]
	}
	return nil
}

func (d *DB) tableNames(ctx context.Context) ([]string, error) {
	d.mu.Lock()
	names := d.names
	d.mu.Unlock()
	if names != nil {
		return names, nil
	}
	names, err := listTables(ctx, d.path)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names == nil {
		d.names = names
	}
	return d.names, nil
}
