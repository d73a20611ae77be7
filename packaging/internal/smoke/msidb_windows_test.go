package smoke

import (
	"fmt"
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The runner reads and derives packages through Windows Installer's own
// database API (msi.dll), the same code natively and under Wine, whose msi.dll
// implements these calls: no msitools on the Windows side.
var (
	msiDLL                            = windows.NewLazySystemDLL("msi.dll")
	msiOpenDatabase                   = msiDLL.NewProc("MsiOpenDatabaseW")
	msiDatabaseOpenView               = msiDLL.NewProc("MsiDatabaseOpenViewW")
	msiViewExecute                    = msiDLL.NewProc("MsiViewExecute")
	msiViewFetch                      = msiDLL.NewProc("MsiViewFetch")
	msiViewClose                      = msiDLL.NewProc("MsiViewClose")
	msiRecordGetString                = msiDLL.NewProc("MsiRecordGetStringW")
	msiRecordGetFieldCount            = msiDLL.NewProc("MsiRecordGetFieldCount")
	msiCloseHandle                    = msiDLL.NewProc("MsiCloseHandle")
	msiDatabaseCommit                 = msiDLL.NewProc("MsiDatabaseCommit")
	msiGetSummaryInformation          = msiDLL.NewProc("MsiGetSummaryInformationW")
	msiSummaryInfoGetProperty         = msiDLL.NewProc("MsiSummaryInfoGetPropertyW")
	msiSummaryInfoSetProperty         = msiDLL.NewProc("MsiSummaryInfoSetPropertyW")
	msiSummaryInfoPersist             = msiDLL.NewProc("MsiSummaryInfoPersist")
	errNoMoreItems            uintptr = 259 // ERROR_NO_MORE_ITEMS
)

const (
	msiOpenReadOnly = 0 // MSIDBOPEN_READONLY
	msiOpenTransact = 1 // MSIDBOPEN_TRANSACT

	pidTemplate  = 7  // PID_TEMPLATE: "x64;1033"
	pidRevNumber = 9  // PID_REVNUMBER: the package code
	vtLPSTR      = 30 // VT_LPSTR
)

// msiDB is an open package database.
type msiDB struct {
	path string
	h    uintptr
}

func openMSI(path string, mode uintptr) (*msiDB, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	var h uintptr
	if rc, _, _ := msiOpenDatabase.Call(uintptr(unsafe.Pointer(p)), mode, uintptr(unsafe.Pointer(&h))); rc != 0 {
		return nil, fmt.Errorf("MsiOpenDatabase %s: %w", path, windows.Errno(rc))
	}
	return &msiDB{path: path, h: h}, nil
}

func (db *msiDB) Close() { msiCloseHandle.Call(db.h) }

// query runs a SELECT of one column and returns its values.
func (db *msiDB) query(sql string) ([]string, error) {
	rows, err := db.rows(sql)
	var values []string
	for _, r := range rows {
		values = append(values, r[0])
	}
	return values, err
}

// rows runs a SELECT and returns each row's fields as text (an integer
// field as its digits, a null as "").
func (db *msiDB) rows(sql string) ([][]string, error) {
	view, err := db.view(sql)
	if err != nil {
		return nil, err
	}
	defer msiCloseHandle.Call(view)
	defer msiViewClose.Call(view)
	var rows [][]string
	for {
		var rec uintptr
		rc, _, _ := msiViewFetch.Call(view, uintptr(unsafe.Pointer(&rec)))
		if rc == errNoMoreItems {
			return rows, nil
		}
		if rc != 0 {
			return nil, fmt.Errorf("%s: %s: MsiViewFetch: %w", db.path, sql, windows.Errno(rc))
		}
		n, _, _ := msiRecordGetFieldCount.Call(rec)
		row := make([]string, n)
		for i := range row {
			buf := make([]uint16, 256)
			size := uint32(len(buf))
			rc, _, _ = msiRecordGetString.Call(rec, uintptr(i+1), uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&size)))
			if rc != 0 {
				msiCloseHandle.Call(rec)
				return nil, fmt.Errorf("%s: %s: MsiRecordGetString field %d: %w", db.path, sql, i+1, windows.Errno(rc))
			}
			row[i] = windows.UTF16ToString(buf[:size])
		}
		msiCloseHandle.Call(rec)
		rows = append(rows, row)
	}
}

// exec runs a statement that returns no rows (UPDATE).
func (db *msiDB) exec(sql string) error {
	view, err := db.view(sql)
	if err != nil {
		return err
	}
	msiViewClose.Call(view)
	msiCloseHandle.Call(view)
	return nil
}

func (db *msiDB) view(sql string) (uintptr, error) {
	q, err := windows.UTF16PtrFromString(sql)
	if err != nil {
		return 0, err
	}
	var view uintptr
	if rc, _, _ := msiDatabaseOpenView.Call(db.h, uintptr(unsafe.Pointer(q)), uintptr(unsafe.Pointer(&view))); rc != 0 {
		return 0, fmt.Errorf("%s: %s: MsiDatabaseOpenView: %w", db.path, sql, windows.Errno(rc))
	}
	if rc, _, _ := msiViewExecute.Call(view, 0); rc != 0 {
		msiCloseHandle.Call(view)
		return 0, fmt.Errorf("%s: %s: MsiViewExecute: %w", db.path, sql, windows.Errno(rc))
	}
	return view, nil
}

// property is one row of the Property table.
func (db *msiDB) property(name string) (string, error) {
	v, err := db.query("SELECT `Value` FROM `Property` WHERE `Property`='" + name + "'")
	if err != nil {
		return "", err
	}
	if len(v) != 1 {
		return "", fmt.Errorf("%s: Property table has %d rows named %s, want 1", db.path, len(v), name)
	}
	return v[0], nil
}

// summary reads (updates == 0) or opens for writing the summary information.
func (db *msiDB) summary(updates uintptr) (uintptr, error) {
	var h uintptr
	if rc, _, _ := msiGetSummaryInformation.Call(db.h, 0, updates, uintptr(unsafe.Pointer(&h))); rc != 0 {
		return 0, fmt.Errorf("%s: MsiGetSummaryInformation: %w", db.path, windows.Errno(rc))
	}
	return h, nil
}

// template is the summary's Template: platform;languages.
func (db *msiDB) template() (string, error) { return db.summaryString(pidTemplate, "Template") }

// packageCode is the summary's Revision Number: the package code.
func (db *msiDB) packageCode() (string, error) { return db.summaryString(pidRevNumber, "package code") }

func (db *msiDB) summaryString(pid uintptr, what string) (string, error) {
	h, err := db.summary(0)
	if err != nil {
		return "", err
	}
	defer msiCloseHandle.Call(h)
	var typ uint32
	var i int32
	var ft windows.Filetime
	buf := make([]uint16, 256)
	n := uint32(len(buf))
	if rc, _, _ := msiSummaryInfoGetProperty.Call(h, pid, uintptr(unsafe.Pointer(&typ)), uintptr(unsafe.Pointer(&i)),
		uintptr(unsafe.Pointer(&ft)), uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n))); rc != 0 {
		return "", fmt.Errorf("%s: MsiSummaryInfoGetProperty(%s): %w", db.path, what, windows.Errno(rc))
	}
	return windows.UTF16ToString(buf[:n]), nil
}

// deriveMSI writes out, a copy of src with ProductVersion version, a new
// ProductCode and package code, and the Upgrade table's bounds that named
// src's version moved to version (so it upgrades and refuses downgrades
// exactly as a package built at that version would). Windows Installer tells
// packages apart by these three values; the files inside stay src's.
func deriveMSI(src, out, version, productCode, packageCode string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	db, err := openMSI(out, msiOpenTransact)
	if err != nil {
		return err
	}
	defer db.Close()
	old, err := db.property("ProductVersion")
	if err != nil {
		return err
	}
	for _, sql := range []string{
		"UPDATE `Property` SET `Value`='" + version + "' WHERE `Property`='ProductVersion'",
		"UPDATE `Property` SET `Value`='" + productCode + "' WHERE `Property`='ProductCode'",
	} {
		if err := db.exec(sql); err != nil {
			return err
		}
	}
	if old != version {
		if err := moveUpgradeBounds(db, old, version); err != nil {
			return err
		}
	}
	h, err := db.summary(1)
	if err != nil {
		return err
	}
	defer msiCloseHandle.Call(h)
	code, err := windows.UTF16PtrFromString(packageCode)
	if err != nil {
		return err
	}
	if rc, _, _ := msiSummaryInfoSetProperty.Call(h, pidRevNumber, vtLPSTR, 0, 0, uintptr(unsafe.Pointer(code))); rc != 0 {
		return fmt.Errorf("%s: MsiSummaryInfoSetProperty(package code): %w", out, windows.Errno(rc))
	}
	if rc, _, _ := msiSummaryInfoPersist.Call(h); rc != 0 {
		return fmt.Errorf("%s: MsiSummaryInfoPersist: %w", out, windows.Errno(rc))
	}
	if rc, _, _ := msiDatabaseCommit.Call(db.h); rc != 0 {
		return fmt.Errorf("%s: MsiDatabaseCommit: %w", out, windows.Errno(rc))
	}
	return nil
}

// upgradeColumns are the Upgrade table's columns, in order; Attributes is
// the one integer.
const upgradeColumns = "`UpgradeCode`, `VersionMin`, `VersionMax`, `Language`, `Attributes`, `Remove`, `ActionProperty`"

// moveUpgradeBounds replaces the Upgrade rows whose VersionMin or VersionMax
// is old by the same rows with version there. Rows are deleted and inserted:
// VersionMin and VersionMax are primary-key columns, which UPDATE cannot
// change (Windows Installer's SQL).
func moveUpgradeBounds(db *msiDB, old, version string) error {
	rows, err := db.rows("SELECT " + upgradeColumns + " FROM `Upgrade`")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r[1] != old && r[2] != old {
			continue
		}
		where := "`UpgradeCode`='" + r[0] + "' AND `ActionProperty`='" + r[6] + "'"
		if err := db.exec("DELETE FROM `Upgrade` WHERE " + where); err != nil {
			return err
		}
		for i := 1; i <= 2; i++ {
			if r[i] == old {
				r[i] = version
			}
		}
		values := make([]string, len(r))
		for i, v := range r {
			values[i] = "'" + v + "'"
		}
		values[4] = r[4] // Attributes: an integer
		if err := db.exec("INSERT INTO `Upgrade` (" + upgradeColumns + ") VALUES (" + strings.Join(values, ", ") + ")"); err != nil {
			return err
		}
	}
	return nil
}
