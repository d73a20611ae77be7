package manage

import "testing"

// TestDataDirChildSDDL: an entry below the data directory gets the
// directory's ACEs as inheritance makes them (ID; a folder passes them on
// with OICI, a file not), so what was there before the install ends with
// the access of what the service creates.
func TestDataDirChildSDDL(t *testing.T) {
	acct := serviceSID("hellosvc")
	for _, c := range []struct{ got, want string }{
		{dataDirSDDL(acct), "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;" + acct + ")"},
		{dataDirChildSDDL(acct, true), "D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1301bf;;;" + acct + ")"},
		{dataDirChildSDDL(acct, false), "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1301bf;;;" + acct + ")"},
		{dataDirChildSDDL("S-1-5-18", false), "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)"},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
}
