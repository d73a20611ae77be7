package msidb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/svcpack/svcpack/packaging/internal/cfb"
)

// An MSI is a compound file whose tables are streams: _StringPool and
// _StringData hold every string once, _Tables names the tables, _Columns
// gives each table's columns and types, and each table's stream holds its
// rows column by column, strings as ids into the pool and integers offset
// so that 0 is null. Reading them here, from one read of the file, costs
// microseconds; `msiinfo export` is a process per table, each parsing the
// whole database again (the MSI stage ran 23 of them).
//
// The file may be hostile (a site's MSI is input to the deployment stages):
// every count is derived from a stream's length, every id and offset is
// checked, so a crafted file gets an error, never a panic or an allocation
// beyond a few times its size.

// Column type bits of _Columns' Type ([MS-MSI] and libmsi's MSITYPE_*).
const (
	colSizeMask  = 0x00FF
	colValid     = 0x0100
	colString    = 0x0800
	colNullable  = 0x1000
	colTemporary = 0x4000
	colKey       = 0x2000
)

// database is the part of an MSI's file the table reader needs.
type database struct {
	streams  map[string][]byte // table streams by table name
	strings  []string          // the pool; id 0 is null
	refSize  int               // bytes of a string id: 2, or 3 in a large pool
	codepage int
}

// column is one row of _Columns.
type column struct {
	number int
	name   string
	typ    int
}

func (c column) binary() bool { return c.typ&^colNullable == colString|colValid }
func (c column) str() bool    { return c.typ&colString != 0 }

// size is how many bytes one value of c takes in its table's stream.
func (c column) size(refSize int) int {
	switch {
	case c.binary():
		return 2
	case c.str():
		return refSize
	case c.typ&colSizeMask <= 2:
		return 2
	}
	return 4
}

// readDatabase reads the MSI at path and decodes tables want (all present
// ones when want is nil). names is every table _Tables lists; a wanted
// table the database does not have is left out of tables.
func readDatabase(path string, want []string) (names []string, tables map[string]Table, err error) {
	err = cfb.ReadFile(path, func(f *cfb.File) error {
		names, tables, err = decodeTables(f, want)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read tables of %s: %w", path, err)
	}
	return names, tables, nil
}

// decodeDatabase is readDatabase on the bytes of a file.
func decodeDatabase(data []byte, want []string) ([]string, map[string]Table, error) {
	f, err := cfb.Open(data)
	if err != nil {
		return nil, nil, err
	}
	return decodeTables(f, want)
}

func decodeTables(f *cfb.File, want []string) ([]string, map[string]Table, error) {
	db, err := openDatabase(f)
	if err != nil {
		return nil, nil, err
	}
	names, err := db.tableNames()
	if err != nil {
		return nil, nil, err
	}
	columns, err := db.columns()
	if err != nil {
		return nil, nil, err
	}
	if want == nil {
		want = names
	}
	tables := map[string]Table{}
	for _, name := range want {
		if !slices.Contains(names, name) {
			continue
		}
		t, err := db.table(name, columns[name])
		if err != nil {
			return nil, nil, fmt.Errorf("table %s: %w", name, err)
		}
		tables[name] = t
	}
	return names, tables, nil
}

func openDatabase(f *cfb.File) (*database, error) {
	// The cabinet, the summary and Binary rows' data are left unread.
	streams, err := f.ReadStreams(func(e cfb.Entry) bool {
		_, ok := tableOfStream(utf16.Encode([]rune(e.Name)))
		return ok
	})
	if err != nil {
		return nil, fmt.Errorf("table streams: %w", err)
	}
	db := &database{streams: map[string][]byte{}}
	for _, s := range streams {
		table, _ := tableOfStream(utf16.Encode([]rune(s.Name)))
		db.streams[table] = s.Data
	}
	if err := db.readPool(); err != nil {
		return nil, err
	}
	return db, nil
}

// tableOfStream decodes a table stream's name: the mark 0x4840, then
// characters of 0-9 A-Z a-z . _ packed two to a code unit (0x3800 +
// a + b<<6) or one (0x4800 + a). ok is false for any other stream.
func tableOfStream(name []uint16) (table string, ok bool) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"
	if len(name) < 2 || name[0] != 0x4840 {
		return "", false
	}
	var b strings.Builder
	for _, u := range name[1:] {
		switch {
		case u >= 0x3800 && u < 0x4800:
			b.WriteByte(alphabet[(u-0x3800)&0x3F])
			b.WriteByte(alphabet[(u-0x3800)>>6])
		case u >= 0x4800 && u < 0x4840:
			b.WriteByte(alphabet[u-0x4800])
		default:
			// Windows Installer stores other characters as they are.
			b.WriteString(string(utf16.Decode([]uint16{u})))
		}
	}
	return b.String(), true
}

// readPool decodes _StringPool (a header word: the codepage, and bit 31 for
// 3-byte string ids; then per string its length and reference count) and
// _StringData (the strings back to back). A string longer than 65535 bytes
// takes two entries: (0, high word of the length), then (low word, refs).
func (db *database) readPool() error {
	pool, data := db.streams["_StringPool"], db.streams["_StringData"]
	if len(pool) < 4 {
		return errors.New("no string pool")
	}
	header := le32(pool, 0)
	db.codepage = int(header & 0xFFFF)
	db.refSize = 2
	if header&0x80000000 != 0 {
		db.refSize = 3
	}
	db.strings = make([]string, 1, len(pool)/4)
	at := 0
	for i := 4; i+4 <= len(pool); i += 4 {
		n, refs := int(le16(pool, i)), le16(pool, i+2)
		if n == 0 && refs != 0 { // a long string: the next entry has the low word
			if i+8 > len(pool) {
				return errors.New("string pool ends inside a long string's entry")
			}
			i += 4
			n = int(refs)<<16 | int(le16(pool, i))
		}
		if n > len(data)-at {
			return fmt.Errorf("string %d of %d bytes runs past the string data's %d", len(db.strings), n, len(data))
		}
		s, err := decodeCodepage(data[at:at+n], db.codepage)
		if err != nil {
			return err
		}
		at += n
		db.strings = append(db.strings, s)
	}
	return nil
}

// ref reads the string id at b[off:] and returns its string.
func (db *database) ref(b []byte, off int) (string, error) {
	id := int(le16(b, off))
	if db.refSize == 3 {
		id |= int(b[off+2]) << 16
	}
	if id >= len(db.strings) {
		return "", fmt.Errorf("string id %d, the pool has %d", id, len(db.strings)-1)
	}
	return db.strings[id], nil
}

// tableNames is the one column of _Tables.
func (db *database) tableNames() ([]string, error) {
	s := db.streams["_Tables"]
	var names []string
	for off := 0; off+db.refSize <= len(s); off += db.refSize {
		name, err := db.ref(s, off)
		if err != nil {
			return nil, fmt.Errorf("_Tables: %w", err)
		}
		names = append(names, name)
	}
	return names, nil
}

// columns reads _Columns (Table, Number, Name, Type: string, int16, string,
// int16) into each table's columns in order.
func (db *database) columns() (map[string][]column, error) {
	s := db.streams["_Columns"]
	rowSize := 2*db.refSize + 4
	rows := len(s) / rowSize
	byTable := map[string][]column{}
	for i := range rows {
		table, err := db.ref(s, i*db.refSize)
		if err != nil {
			return nil, fmt.Errorf("_Columns: %w", err)
		}
		number := int(le16(s, rows*db.refSize+2*i)) - 0x8000
		name, err := db.ref(s, rows*(db.refSize+2)+i*db.refSize)
		if err != nil {
			return nil, fmt.Errorf("_Columns: %w", err)
		}
		typ := int(le16(s, rows*(2*db.refSize+2)+2*i)) - 0x8000
		byTable[table] = append(byTable[table], column{number: number, name: name, typ: typ})
	}
	for t, cols := range byTable {
		slices.SortFunc(cols, func(a, b column) int { return a.number - b.number })
		byTable[t] = cols
	}
	return byTable, nil
}

// table decodes the rows of a table: its stream holds each stored column's
// values for every row, column after column. Temporary columns are not
// stored. A binary column says only whether the row has data, which lives in
// the stream "<table>.<key>.<key>…"; the value read is that stream's name,
// as `msiinfo export` prints it.
func (db *database) table(name string, cols []column) (Table, error) {
	t := Table{Name: name}
	var stored []column
	rowSize := 0
	for _, c := range cols {
		if c.typ&colTemporary != 0 {
			continue
		}
		t.Columns = append(t.Columns, c.name)
		stored = append(stored, c)
		rowSize += c.size(db.refSize)
	}
	if len(stored) == 0 {
		return Table{}, errors.New("no columns in _Columns")
	}
	s := db.streams[name]
	if len(s)%rowSize != 0 {
		return Table{}, fmt.Errorf("a stream of %d bytes is no whole number of %d-byte rows", len(s), rowSize)
	}
	n := len(s) / rowSize
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{}
	}
	base := 0
	for _, c := range stored {
		size := c.size(db.refSize)
		for i := range rows {
			v, err := db.value(s, base+i*size, c)
			if err != nil {
				return Table{}, fmt.Errorf("row %d column %s: %w", i+1, c.name, err)
			}
			rows[i][c.name] = v
		}
		base += n * size
	}
	for _, c := range stored {
		if !c.binary() {
			continue
		}
		for _, r := range rows {
			if r[c.name] != "" {
				r[c.name] = streamName(name, stored, r)
			}
		}
	}
	t.Rows = rows
	return t, nil
}

// value is one stored value as text: "" for null.
func (db *database) value(s []byte, off int, c column) (string, error) {
	switch {
	case c.binary():
		if le16(s, off) == 0 {
			return "", nil
		}
		return "1", nil // named after the keys once the row is read
	case c.str():
		return db.ref(s, off)
	case c.size(db.refSize) == 2:
		v := le16(s, off)
		if v == 0 {
			return "", nil
		}
		return strconv.Itoa(int(v) - 0x8000), nil
	}
	v := binary.LittleEndian.Uint32(s[off:])
	if v == 0 {
		return "", nil
	}
	return strconv.FormatInt(int64(v)-0x80000000, 10), nil
}

// streamName is the name of the stream a binary column of row r points to:
// the table's name and the row's key values, joined by dots.
func streamName(table string, cols []column, r Row) string {
	parts := []string{table}
	for _, c := range cols {
		if c.typ&colKey != 0 {
			parts = append(parts, r[c.name])
		}
	}
	return strings.Join(parts, ".")
}

func le16(b []byte, off int) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
func le32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }
