package wine

import (
	"os"
	"testing"
)

func TestWinPath(t *testing.T) {
	if got, want := WinPath("/tmp/a b/x.exe"), `Z:\tmp\a b\x.exe`; got != want {
		t.Errorf("WinPath = %q, want %q", got, want)
	}
	if _, err := os.Stat(testPrefix.ProgramData()); err != nil {
		t.Errorf("ProgramData: %v", err)
	}
}
