package smoke

import "testing"

func TestDecodeLog(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE, 'o', 0, 'k', 0, '\r', 0, '\n', 0, 0xE9, 0} // "ok\r\né"
	if got := DecodeLog(utf16); got != "ok\né" {
		t.Errorf("UTF-16 log decoded as %q", got)
	}
	if got := DecodeLog([]byte("a\r\nb\n")); got != "a\nb\n" {
		t.Errorf("ANSI log decoded as %q", got)
	}
}
