// Package transform writes Windows Installer transforms (.mst) that set an
// MSI's public properties: the one way Group Policy, and the usual way SCCM
// and Intune admins, give an MSI its values. No Linux tool makes transforms
// (msitools only reads and builds databases; Wine's msi.dll cannot generate
// one), so this package writes the format itself:
//
//   - a compound file (packaging/internal/cfb) whose root storage has the transform
//     class id {000C1082-0000-0000-C000-000000000046};
//   - the transform's own string pool, the streams _StringPool (a codepage
//     word, then a length and a reference count per string) and _StringData
//     (the strings' bytes back to back);
//   - one stream per changed table, named like the table's stream in a
//     database, holding one record per changed row: a 16-bit mask, then the
//     row's key and the changed columns as string-pool references. Mask 0:
//     delete the row; low bit set: insert a row of (mask >> 8) columns;
//     otherwise bit i (i >= 1) marks column i present, an update;
//   - summary information whose PID_REVNUMBER names the product codes,
//     versions and upgrade code the transform was made for, and whose
//     PID_CHARCOUNT carries the validation flags (upper 16 bits) and the
//     error conditions to suppress (lower 16 bits).
//
// It writes only Property rows (update when the package has the property,
// insert when not), each value checked against the product file's allowlist
// first (Check). docs/transforms.md says how an admin uses one.
package transform
