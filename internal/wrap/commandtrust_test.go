package wrap

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Each hook's and the stop command's program goes through the same trust
// check as the program, and a refusal names the command's key.
func TestCheckWithCommandsChecksEveryCommand(t *testing.T) {
	c, err := Parse([]byte(`program: app.exe
hooks: {pre_start: {command: [C:\tools\pre.exe]}, post_stop: {command: [post.exe]}}
stop: {steps: [{method: command, command: [C:\Users\Public\stop.exe]}]}
`), `C:\app`, "app")
	if err != nil {
		t.Fatal(err)
	}
	var checked []string
	check := func(exe string, c Config) error {
		checked = append(checked, c.Program)
		if strings.HasPrefix(c.Program, `C:\Users`) {
			return errors.New(c.Program + " is writable by Users")
		}
		return nil
	}
	err = CheckWithCommands(`C:\app\app.exe`, c, check)
	want := []string{filepath.Join(`C:\app`, "app.exe"), filepath.Join(`C:\app`, "post.exe"), `C:\tools\pre.exe`, `C:\Users\Public\stop.exe`}
	if fmt.Sprint(checked) != fmt.Sprint(want) {
		t.Errorf("checked %q: want the program, then every command's program", checked)
	}
	if err == nil || !strings.HasPrefix(err.Error(), `stop.steps[0].command: C:\Users\Public\stop.exe is writable`) {
		t.Errorf("err = %v, want the stop command refused, named by its key", err)
	}
}
